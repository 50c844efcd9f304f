using System.CommandLine;
using Docent.Generation;
using Docent.Generation.Tokenization;

namespace Docent.Cli.Commands;

/// <summary>`docent generate`: runs a local llama-family GGUF model and streams its text (first slice: no prompt yet).</summary>
internal static class GenerateCommand
{
    public static Command Create(GlobalOptions global)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "The model: a GGUF file (llama or qwen2 architecture, F32/F16 tensors) or a llama2.c .bin checkpoint.", Required = true, HelpName = "FILE" };
        var prompt = new Option<string>("--prompt", "-p") { Description = "The prompt; only an empty prompt is supported so far.", DefaultValueFactory = _ => "", HelpName = "TEXT" };
        var temperature = new Option<float>("--temperature", "-t") { Description = "Sampling temperature; 0 is greedy (argmax).", DefaultValueFactory = _ => 0f, HelpName = "T" };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "How many tokens to generate at most.", DefaultValueFactory = _ => 256, HelpName = "N" };
        var tokenizer = new Option<FileInfo>("--tokenizer") { Description = "For a llama2.c .bin checkpoint: its tokenizer.bin (default: the one beside the model).", HelpName = "FILE" };
        var seed = new Option<int>("--seed") { Description = "Random seed for temperature > 0.", DefaultValueFactory = _ => 42, HelpName = "N" };
        var command = new Command("generate", "Generate text with a local llama-family GGUF model (experimental).")
        {
            model, tokenizer, prompt, temperature, maxTokens, seed,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                if (!string.IsNullOrEmpty(parse.GetValue(prompt)))
                {
                    throw new ArgumentException("--prompt is not supported yet: local generation starts from BOS only (prompt tokenisation comes later).");
                }

                var n = parse.GetValue(maxTokens);
                if (n < 0)
                {
                    throw new ArgumentException("--max-tokens must be 0 or more.");
                }

                var path = parse.GetValue(model)!.FullName;
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
                }

                using var file = path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) ? null : GgufFile.Open(path);
                using var llama = file is null ? LlamaModel.LoadLlama2C(path) : LlamaModel.Load(file);
                var vocabulary = file is null
                    ? GenerationTokenizer.FromLlama2C(
                        parse.GetValue(tokenizer)?.FullName ?? Path.Combine(Path.GetDirectoryName(path)!, "tokenizer.bin"), llama.VocabularySize)
                    : GenerationTokenizer.FromGguf(file);
                var generator = new LlamaGenerator(llama, vocabulary);
                if (n > generator.Model.ContextLength)
                {
                    Console.Error.WriteLine($"docent: note: the model's context holds {generator.Model.ContextLength} tokens, so generation stops there (--max-tokens {n} asks for more).");
                }

                var sampler = new TokenSampler(parse.GetValue(temperature), parse.GetValue(seed));
                await using var stdout = Console.OpenStandardOutput();
                foreach (var (previous, token) in generator.GenerateTokens(n, sampler, cancellationToken))
                {
                    stdout.Write(generator.Vocabulary.Decode(previous, token));
                    await stdout.FlushAsync(cancellationToken);
                }

                stdout.Write("\n"u8);
                return ExitCodes.Success;
            });
        });

        return command;
    }
}
