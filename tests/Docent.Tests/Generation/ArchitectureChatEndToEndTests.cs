using System.Text;
using Docent.Generation;
using Docent.Generation.Tokenization;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Generation;

/// <summary>
/// Each supported architecture end to end as a downloaded Q4_K_M file would run: Q4_K and Q6_K matrices written by
/// <see cref="GgufWriter"/>, a small SentencePiece vocabulary of our own holding the chat format's control tokens, a
/// Jinja chat template the client recognises, answered through <see cref="LocalChatClient"/>; its 64 greedy tokens
/// must be exactly those <see cref="ReferenceLlama"/> picks from the dequantised weights. The embedding and output
/// matrices are built so each step's choice leads clearly (the output row of a "successor" letter points along the
/// current token's embedding), and the test asserts that lead against the engine's measured deviation.
/// </summary>
public sealed class ArchitectureChatEndToEndTests
{
    private const int Dimension = 256;
    private const int NewTokens = 64;

    private static readonly string[] Controls =
    [
        "<|im_start|>", "<|im_end|>", "<start_of_turn>", "<end_of_turn>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>",
        "[INST]", "[/INST]", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
    ];

    private static readonly string Letters = "abcdefghijklmnopqrstuvwxyz";

    public static TheoryData<string> Architectures() => ["llama3", "mistral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3", "phi3"];

    [Theory]
    [MemberData(nameof(Architectures))]
    public async Task AQ4_K_MFileAnswersThroughTheChatClientExactlyAsTheReferenceDecodes(string name)
    {
        var (options, kind, jinja, endToken, turnMarker) = Setup(name);
        var (pieces, types) = Vocabulary();
        var letterIds = Letters.Select(c => Array.IndexOf(pieces, c.ToString())).ToArray();
        using var temp = new TempDirectory();
        var weighted = WithWeights(options, pieces, letterIds);
        var path = weighted with
        {
            Extra = weighted.Extra + (Action<GgufWriter>)(w => w
                .Add("tokenizer.ggml.model", "llama")
                .Add("tokenizer.ggml.tokens", pieces)
                .Add("tokenizer.ggml.scores", pieces.Select(p => (float)p.Length).ToArray())
                .Add("tokenizer.ggml.token_type", types.Select(t => (int)t).ToArray())
                .Add("tokenizer.ggml.bos_token_id", 1u)
                .Add("tokenizer.ggml.eos_token_id", (uint)Array.IndexOf(pieces, endToken))
                .Add("tokenizer.ggml.unknown_token_id", 0u)
                .Add("tokenizer.chat_template", jinja)),
        };
        var file = path.Write(Path.Combine(temp.Path, $"tiny-{name}-q4_k_m.gguf"));

        using (var gguf = GgufFile.Open(file))
        {
            Assert.Equal(GgufTensorType.Q4_K, gguf.Tensors["token_embd.weight"].Type);
            Assert.Equal(GgufTensorType.Q6_K, gguf.Tensors["output.weight"].Type);
            Assert.Equal(GgufTensorType.Q4_K, gguf.Tensors["blk.1.ffn_up.weight"].Type);
        }

        using var client = LocalChatClient.Load(new LocalChatClientOptions { ModelPath = file, Threads = 2 });
        Assert.Equal(kind, client.Template.Kind);
        ChatMessage[] question = [new(ChatRole.System, "be brief"), new(ChatRole.User, "how are you today")];
        var response = await client.GetResponseAsync(question, new ChatOptions { MaxOutputTokens = NewTokens, Temperature = 0 });

        var prompt = client.Tokenizer.Encode(client.Template.Render(question), client.Tokenizer.AddBos, parseSpecial: true).ToArray();
        Assert.Contains(Array.IndexOf(pieces, turnMarker), prompt); // the template's control token went in as one token

        // The reference: greedy over the dequantised weights, from the same prompt tokens.
        using var gguf2 = GgufFile.Open(file);
        var reference = new ReferenceLlama(gguf2);
        double[] logits = [];
        foreach (var token in prompt)
        {
            logits = reference.Step(token).Logits;
        }

        // The engine's own logits beside the reference's, to measure how far its 8-bit-activation products stray.
        using var model = LlamaModel.Load(gguf2);
        var engineLogits = model.ForwardBatch(prompt, 0).ToArray();
        var expected = new List<int>();
        double smallestLead = double.MaxValue, worstDeviation = 0;
        for (var step = 0; step < NewTokens; step++)
        {
            worstDeviation = Math.Max(worstDeviation, logits.Zip(engineLogits, (a, b) => Math.Abs(a - b)).Max());
            var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ToArray();
            smallestLead = Math.Min(smallestLead, logits[order[0]] - logits[order[1]]);
            expected.Add(order[0]);
            logits = reference.Step(order[0]).Logits;
            if (step < NewTokens - 1)
            {
                engineLogits = model.Forward(order[0], prompt.Length + step).ToArray();
            }
        }

        // Clear margins: every choice leads the runner-up by far more than the engine ever strays from the reference
        // (a few hundredths: the K-quant kernels multiply 8-bit activations, as llama.cpp's do; the leads are about 7).
        Assert.InRange(worstDeviation, 0, 0.1);
        Assert.True(smallestLead > 10 * worstDeviation, $"lead {smallestLead} against deviation {worstDeviation}");
        Assert.True(expected.Distinct().Count() >= 20, "the answer should not be stuck on a few tokens");
        Assert.All(expected, id => Assert.Contains(id, letterIds)); // one letter per token: the text fixes the tokens

        var text = new StringBuilder();
        var previous = prompt[^1];
        foreach (var id in expected)
        {
            text.Append(Encoding.UTF8.GetString(client.Tokenizer.Decode(previous, id)));
            previous = id;
        }

        Assert.Equal(text.ToString(), response.Text);
        Assert.Equal(NewTokens, response.Usage!.OutputTokenCount);
        Assert.Equal(prompt.Length, response.Usage.InputTokenCount);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    private static (TinyGguf Options, ChatTemplateKind Kind, string Jinja, string EndToken, string TurnMarker) Setup(string name)
    {
        const string ChatML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n'}}{% endfor %}";
        var small = TinyGguf.For(name) with
        {
            Dimension = Dimension,
            Hidden = 512,
            Heads = 4,
            KeyValueHeads = 2,
            Layers = name == "gemma3" ? 6 : 2, // gemma3's sixth layer is its first global one
            Context = 128,
            HeadDimension = name == "qwen3" ? 128 : null, // qwen3: heads wider than embedding / heads
            SlidingWindow = name is "mistral" or "gemma2" or "gemma3" ? 8 : null,
            AttentionSoftCap = name == "gemma2" ? 5f : null,
            FinalSoftCap = name == "gemma2" ? 30f : null,
            LayerOutputScale = 0.01f,
            TensorTypes = QuantisedAsQ4_K_M,
        };
        return name switch
        {
            "llama3" => (small, ChatTemplateKind.Llama3, "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] + '<|eot_id|>' }}", "<|eot_id|>", "<|start_header_id|>"),
            "mistral" => (small, ChatTemplateKind.Mistral, "{{ bos_token }}{% for message in messages %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endfor %}", "</s>", "[INST]"),
            "qwen2" or "qwen3" => (small, ChatTemplateKind.ChatML, ChatML, "<|im_end|>", "<|im_start|>"),
            "gemma" or "gemma2" or "gemma3" => (small, ChatTemplateKind.Gemma, "{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}", "<end_of_turn>", "<start_of_turn>"),
            "phi3" => (small, ChatTemplateKind.Phi3, "{{'<|user|>\\n' + message['content'] + '<|end|>\\n'}}{{ '<|assistant|>\\n' }}", "<|end|>", "<|user|>"),
            _ => throw new ArgumentException(name, nameof(name)),
        };
    }

    /// <summary>As llama-quantize's Q4_K_M: Q4_K for most matrices, Q6_K for the output and some attn_v/ffn_down, F32 vectors.</summary>
    private static GgufTensorType QuantisedAsQ4_K_M(string name) => name switch
    {
        _ when name.EndsWith("norm.weight", StringComparison.Ordinal) || name.EndsWith(".bias", StringComparison.Ordinal) || name.StartsWith("rope_", StringComparison.Ordinal) => GgufTensorType.F32,
        "output.weight" or "blk.0.ffn_down.weight" or "blk.0.attn_v.weight" or "blk.0.attn_qkv.weight" => GgufTensorType.Q6_K,
        _ => GgufTensorType.Q4_K,
    };

    /// <summary>
    /// Control tokens, a newline byte, '▁', the letters alone and after '▁', a few words: the SentencePiece pieces the
    /// prompts need.
    /// </summary>
    private static (string[] Pieces, GgufTokenType[] Types) Vocabulary()
    {
        List<(string, GgufTokenType)> all = [("<unk>", GgufTokenType.Unknown), ("<s>", GgufTokenType.Control), ("</s>", GgufTokenType.Control)];
        all.AddRange(Controls.Select(c => (c, GgufTokenType.Control)));
        all.Add(("<0x0A>", GgufTokenType.Byte));
        all.Add(("\u2581", GgufTokenType.Normal));
        all.AddRange(Letters.Select(c => (c.ToString(), GgufTokenType.Normal)));
        all.AddRange(Letters.Select(c => ("\u2581" + c, GgufTokenType.Normal)));
        all.AddRange(new[] { "\u2581be", "\u2581how", "\u2581are", "\u2581you", "\u2581to", "day" }.Select(w => (w, GgufTokenType.Normal)));
        return ([.. all.Select(p => p.Item1)], [.. all.Select(p => p.Item2)]);
    }

    /// <summary>
    /// Random embeddings, and an output matrix whose row for letter π(t) points along token t's embedding (π takes
    /// every token to a letter, the letters round a 26-cycle), so the next token is the current one's successor by a
    /// clear lead while the layers (small, <see cref="TinyGguf.LayerOutputScale"/>) still move every logit.
    /// </summary>
    private static TinyGguf WithWeights(TinyGguf options, string[] pieces, int[] letterIds)
    {
        var random = new Random(17);
        var vocabulary = pieces.Length;
        var embedding = new float[vocabulary * Dimension];
        for (var i = 0; i < embedding.Length; i++)
        {
            embedding[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var output = new float[vocabulary * Dimension];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (float)(random.NextDouble() * 2 - 1) * 0.05f;
        }

        for (var t = 0; t < vocabulary; t++)
        {
            var letter = Array.IndexOf(letterIds, t);
            var successor = letterIds[letter >= 0 ? (letter + 1) % letterIds.Length : t % letterIds.Length];
            var row = embedding.AsSpan(t * Dimension, Dimension);
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(row));
            for (var i = 0; i < Dimension; i++)
            {
                output[successor * Dimension + i] += row[i] / norm;
            }
        }

        return options with
        {
            Vocabulary = vocabulary,
            Omit = new HashSet<string> { "token_embd.weight", "output.weight" },
            Extra = w => w
                .AddTensor("token_embd.weight", embedding, GgufTensorType.Q4_K, Dimension, vocabulary)
                .AddTensor("output.weight", output, GgufTensorType.Q6_K, Dimension, vocabulary),
        };
    }
}
