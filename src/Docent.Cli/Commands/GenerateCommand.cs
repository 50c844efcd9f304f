using System.CommandLine;
using System.Text;
using Docent.Generation;
using Docent.Generation.Tokenization;

namespace Docent.Cli.Commands;

/// <summary>`docent generate`: runs a local llama-family GGUF model on a prompt (or from BOS) and streams its text.</summary>
internal static class GenerateCommand
{
    public static Command Create(GlobalOptions global)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "The model: a GGUF file (llama or qwen2 architecture; F32, F16, Q8_0 or Q4_0 tensors) or a llama2.c .bin checkpoint.", Required = true, HelpName = "FILE" };
        var prompt = new Option<string>("--prompt", "-p") { Description = "The prompt, continued by the model (printed first); empty starts from BOS.", DefaultValueFactory = _ => "", HelpName = "TEXT" };
        var temperature = new Option<float>("--temperature", "-t") { Description = "Sampling temperature; 0 is greedy (argmax).", DefaultValueFactory = _ => 0f, HelpName = "T" };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "How many tokens to generate at most.", DefaultValueFactory = _ => 256, HelpName = "N" };
        var tokenizer = new Option<FileInfo>("--tokenizer") { Description = "For a llama2.c .bin checkpoint: its tokenizer.bin (default: the one beside the model).", HelpName = "FILE" };
        var seed = new Option<int>("--seed") { Description = "Random seed for temperature > 0.", DefaultValueFactory = _ => 42, HelpName = "N" };
        var topK = new Option<int>("--top-k") { Description = "Sample only among the K most likely tokens; 0 is off.", DefaultValueFactory = _ => 0, HelpName = "K" };
        var topP = new Option<float>("--top-p") { Description = "Sample among the most likely tokens covering probability P; 1 is off.", DefaultValueFactory = _ => 1f, HelpName = "P" };
        var minP = new Option<float>("--min-p") { Description = "Drop tokens less likely than P times the most likely one; 0 is off.", DefaultValueFactory = _ => 0f, HelpName = "P" };
        var repeatPenalty = new Option<float>("--repeat-penalty") { Description = "Penalise tokens among the last 64 (llama.cpp style); 1 is off.", DefaultValueFactory = _ => 1f, HelpName = "X" };
        var stop = new Option<string[]>("--stop") { Description = "Stop when the text reaches this string, which is not printed (repeatable).", HelpName = "TEXT", AllowMultipleArgumentsPerToken = false };
        var threads = new Option<int>("--threads") { Description = "Threads for the matrix products; 0 means one per processor.", DefaultValueFactory = _ => 0, HelpName = "N" };
        var command = new Command("generate", """
            Generate text with a local llama-family model (GGUF, or a llama2.c checkpoint), in process on the CPU.

            Examples:
              docent generate -m stories260K.gguf --temperature 0 --max-tokens 200
              docent generate -m model.gguf -p "Once upon a time" -t 0.8 --top-p 0.95 --stop "The end"
            """)
        {
            model, tokenizer, prompt, temperature, maxTokens, seed, topK, topP, minP, repeatPenalty, stop, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var n = parse.GetValue(maxTokens);
                if (n < 0)
                {
                    throw new ArgumentException("--max-tokens must be 0 or more.");
                }

                var threadCount = parse.GetValue(threads);
                if (threadCount < 0)
                {
                    throw new ArgumentException("--threads must be 0 (one per processor) or more.");
                }

                var sampling = new SamplingOptions
                {
                    Temperature = parse.GetValue(temperature),
                    Seed = parse.GetValue(seed),
                    TopK = parse.GetValue(topK),
                    TopP = parse.GetValue(topP),
                    MinP = parse.GetValue(minP),
                    RepeatPenalty = parse.GetValue(repeatPenalty),
                };
                sampling.Validate();

                using var loaded = LocalModelFile.Open(parse.GetValue(model)!.FullName, threadCount, parse.GetValue(tokenizer)?.FullName);
                var generator = new LlamaGenerator(loaded.Model, loaded.Tokenizer);

                var vocabulary = generator.Vocabulary;
                var text = parse.GetValue(prompt) ?? "";
                IReadOnlyList<int> tokens = text.Length == 0 ? [vocabulary.BosId] : vocabulary.Encode(text, vocabulary.AddBos, parseSpecial: true);
                if (n > generator.Model.ContextLength - tokens.Count + 1)
                {
                    Console.Error.WriteLine(
                        $"docent: note: the model's context holds {generator.Model.ContextLength} tokens, so generation stops there " +
                        $"(--max-tokens {n}{(text.Length == 0 ? "" : $" after a {tokens.Count}-token prompt")} asks for more).");
                }

                var sampler = new TokenSampler(sampling);
                var stops = parse.GetValue(stop) ?? [];
                await using var stdout = Console.OpenStandardOutput();
                if (text.Length > 0)
                {
                    stdout.Write(Encoding.UTF8.GetBytes(text));
                    await stdout.FlushAsync(cancellationToken);
                }

                var generated = generator.GenerateTokens(tokens, n, sampler, cancellationToken);
                if (stops.Length == 0)
                {
                    // Raw bytes as the model gives them (UTF-8 may split across tokens; the terminal joins them).
                    foreach (var (previous, token) in generated)
                    {
                        stdout.Write(vocabulary.Decode(previous, token));
                        await stdout.FlushAsync(cancellationToken);
                    }
                }
                else
                {
                    var matcher = new StopSequenceMatcher(stops);
                    var decoder = Encoding.UTF8.GetDecoder();
                    foreach (var (previous, token) in generated)
                    {
                        var bytes = vocabulary.Decode(previous, token).ToArray();
                        var chars = new char[decoder.GetCharCount(bytes, flush: false)];
                        decoder.GetChars(bytes, chars, flush: false);
                        stdout.Write(Encoding.UTF8.GetBytes(matcher.Append(new string(chars))));
                        await stdout.FlushAsync(cancellationToken);
                        if (matcher.Stopped)
                        {
                            break;
                        }
                    }

                    stdout.Write(Encoding.UTF8.GetBytes(matcher.Flush()));
                }

                stdout.Write("\n"u8);
                return ExitCodes.Success;
            });
        });

        return command;
    }
}
