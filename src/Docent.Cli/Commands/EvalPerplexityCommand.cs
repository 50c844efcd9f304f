using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Docent.Generation;
using Docent.Generation.Tokenization;

namespace Docent.Cli.Commands;

/// <summary>`docent eval perplexity`: sliding-window perplexity of a local model on a text file.</summary>
internal static class EvalPerplexityCommand
{
    public static Command Create(GlobalOptions global)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "The model: a GGUF file (llama architecture) or a llama2.c .bin checkpoint.", Required = true, HelpName = "FILE" };
        var text = new Option<FileInfo>("--text") { Description = "The UTF-8 text to score.", Required = true, HelpName = "FILE" };
        var context = new Option<int?>("--context") { Description = "Window length in tokens (default: the model's context).", HelpName = "N" };
        var stride = new Option<int?>("--stride") { Description = "How far each window advances; tokens already scored are not scored again (default: half the window).", HelpName = "N" };
        var tokenizer = new Option<FileInfo>("--tokenizer") { Description = "For a llama2.c .bin checkpoint: its tokenizer.bin (default: the one beside the model).", HelpName = "FILE" };
        var threads = new Option<int>("--threads") { Description = "Threads for the matrix products; 0 means one per processor.", DefaultValueFactory = _ => 0, HelpName = "N" };
        var command = new Command("perplexity", """
            Perplexity of a local model on a text, as Hugging Face defines it for fixed-length models: windows of --context tokens advance by --stride; each scores only the tokens the previous one did not, conditioning on the rest of the window; PPL = exp(mean negative log-likelihood of the scored tokens). Lower is better.

            Example:
              docent eval perplexity --model stories260K.gguf --text story.txt --context 256 --stride 128 --json
            """)
        {
            model, text, context, stride, tokenizer, threads,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var modelPath = parse.GetValue(model)!.FullName;
                var textPath = parse.GetValue(text)!.FullName;
                foreach (var path in new[] { modelPath, textPath })
                {
                    if (!File.Exists(path))
                    {
                        throw new FileNotFoundException($"'{path}' does not exist.", path);
                    }
                }

                var threadCount = parse.GetValue(threads);
                if (threadCount < 0)
                {
                    throw new ArgumentException("--threads must be 0 (one per processor) or more.");
                }

                using var loaded = LocalModelFile.Open(modelPath, threadCount, parse.GetValue(tokenizer)?.FullName);
                var (llama, vocabulary) = (loaded.Model, loaded.Tokenizer);

                var window = parse.GetValue(context) ?? llama.ContextLength;
                if (window < 2 || window > llama.ContextLength)
                {
                    throw new ArgumentException($"--context is {window}; it must be between 2 and the model's context ({llama.ContextLength}).");
                }

                var step = parse.GetValue(stride) ?? Math.Max(1, window / 2);
                var content = await File.ReadAllTextAsync(textPath, cancellationToken);
                var tokens = vocabulary.Encode(content, vocabulary.AddBos, parseSpecial: false);
                var watch = Stopwatch.StartNew();
                var result = await Task.Run(() => PerplexityEvaluator.Evaluate(tokens, window, step, llama.VocabularySize, LlamaModel.MaxBatchSize, llama.ForwardBatch, cancellationToken), cancellationToken);
                watch.Stop();
                var output = new JsonObject
                {
                    ["model"] = modelPath,
                    ["text"] = textPath,
                    ["tokens"] = tokens.Count,
                    ["context"] = window,
                    ["stride"] = step,
                    ["windows"] = result.Windows,
                    ["scoredTokens"] = result.ScoredTokens,
                    ["meanNll"] = Math.Round(result.MeanNegativeLogLikelihood, 6),
                    ["perplexity"] = Math.Round(result.Perplexity, 4),
                    ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
                };
                if (json)
                {
                    Console.Out.WriteLine(output.ToJsonString());
                }
                else
                {
                    Console.Out.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Perplexity {result.Perplexity:0.####} over {result.ScoredTokens} scored tokens of {tokens.Count} " +
                        $"(context {window}, stride {step}, {result.Windows} windows, {watch.Elapsed.TotalSeconds:0.##} s)."));
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }

}
