using Docent.Generation;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Generation;

/// <summary>
/// The pieces of the local engine together as a Qwen-style file uses them: a qwen2 model (biases, NEOX RoPE, GQA),
/// a GPT-2 byte-level BPE vocabulary with ChatML control tokens, and a ChatML Jinja template recognised from the
/// file, all read by <see cref="LocalChatClient.Load"/> as `--chat-model` does. The weights are random (there is
/// no released checkpoint offline), so the text is noise; the plumbing, token counts and determinism are not.
/// </summary>
public sealed class Qwen2ChatEndToEndTests
{
    private const string ChatMLJinja =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}" +
        "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    [Fact]
    public async Task AQwen2FileWithAByteLevelVocabularyAndAChatMLTemplateAnswersThroughTheChatClient()
    {
        using var vocabulary = GgufFile.Open(RepositoryPaths.Fixture("llama.cpp-vocab", "ggml-vocab-gpt-2.gguf"));
        string[] tokens = [.. vocabulary.GetArray("tokenizer.ggml.tokens").Cast<string>(), "<|im_start|>", "<|im_end|>"];
        int[] types = [.. vocabulary.GetArray("tokenizer.ggml.token_type").Select(t => Convert.ToInt32(t, System.Globalization.CultureInfo.InvariantCulture)), 3, 3];
        string[] merges = [.. vocabulary.GetArray("tokenizer.ggml.merges").Cast<string>()];
        var (imStart, imEnd) = (tokens.Length - 2, tokens.Length - 1);
        using var temp = new TempDirectory();
        var path = new TinyGguf
        {
            Architecture = "qwen2",
            Vocabulary = tokens.Length,
            Context = 96,
            Extra = w => w
                .Add("tokenizer.ggml.model", "gpt2")
                .Add("tokenizer.ggml.pre", "qwen2")
                .Add("tokenizer.ggml.tokens", tokens)
                .Add("tokenizer.ggml.token_type", types)
                .Add("tokenizer.ggml.merges", merges)
                .Add("tokenizer.ggml.bos_token_id", 50256u)
                .Add("tokenizer.ggml.eos_token_id", (uint)imEnd)
                .Add("tokenizer.chat_template", ChatMLJinja),
        }.Write(Path.Combine(temp.Path, "tiny-qwen2.gguf"));

        using var client = LocalChatClient.Load(new LocalChatClientOptions { ModelPath = path, Threads = 2 });
        Assert.Equal(ChatTemplateKind.ChatML, client.Template.Kind);
        ChatMessage[] question = [new(ChatRole.User, "Hello there, how are you?")];
        var options = new ChatOptions { MaxOutputTokens = 6, Temperature = 0 };
        var first = await client.GetResponseAsync(question, options);
        var again = await client.GetResponseAsync(question, options);

        var prompt = client.Tokenizer.Encode(client.Template.Render(question), client.Tokenizer.AddBos, parseSpecial: true);
        Assert.Equal(2, prompt.Count(id => id == imStart)); // the user turn and the assistant turn, each one control token
        Assert.Equal(prompt.Count, first.Usage!.InputTokenCount);
        Assert.InRange(first.Usage.OutputTokenCount ?? 0, 1, 6);
        Assert.Equal(first.Text, again.Text); // greedy: the same answer, whether the prompt's cache was reused or not
        Assert.DoesNotContain("<|im_end|>", first.Text, StringComparison.Ordinal);

        var tooLong = new ChatMessage(ChatRole.User, string.Join(' ', Enumerable.Repeat("word", 200)));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync([tooLong], options));
        Assert.Contains("96", error.Message, StringComparison.Ordinal);
    }
}
