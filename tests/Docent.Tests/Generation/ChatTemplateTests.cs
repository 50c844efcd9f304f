using Docent.Generation;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Generation;

public sealed class ChatTemplateTests
{
    // Short representative excerpts of the Jinja templates shipped in GGUF files.
    private const string Llama2Jinja =
        "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}" +
        "{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}" +
        "{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}" +
        "{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}" +
        "{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}";

    private const string Llama3Jinja =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + " +
        "'<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}" +
        "{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    private const string QwenJinja =
        "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}" +
        "{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private const string MistralJinja =
        "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}" +
        "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% endif %}{% endfor %}";

    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "Answer briefly."),
        new(ChatRole.User, "Hi?"),
        new(ChatRole.Assistant, "Hello."),
        new(ChatRole.User, "What is 2+2?"),
    ];

    [Theory]
    [InlineData(Llama2Jinja, ChatTemplateKind.Llama2)]
    [InlineData(Llama3Jinja, ChatTemplateKind.Llama3)]
    [InlineData(QwenJinja, ChatTemplateKind.ChatML)]
    public void RecognisesTemplatesByTheirMarkers(string jinja, ChatTemplateKind expected) =>
        Assert.Equal(expected, ChatTemplate.Detect(jinja));

    [Fact]
    public void UnknownOrMissingTemplatesAreNotGuessed()
    {
        Assert.Null(ChatTemplate.Detect(MistralJinja));
        Assert.Null(ChatTemplate.Detect(null));
        var error = Assert.Throws<ArgumentException>(() => ChatTemplate.Resolve(ChatTemplateKind.Auto, MistralJinja, "mistral.gguf"));
        Assert.Contains("mistral.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not recognise", error.Message, StringComparison.Ordinal);
        Assert.Contains("chat.template=llama2|llama3|chatml", error.Message, StringComparison.Ordinal);
        var none = Assert.Throws<ArgumentException>(() => ChatTemplate.Resolve(ChatTemplateKind.Auto, null, "base.gguf"));
        Assert.Contains("has no chat template", none.Message, StringComparison.Ordinal);
        Assert.Contains("chat.template=none", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AForcedTemplateWinsOverTheFiles()
    {
        Assert.Equal(ChatTemplateKind.ChatML, ChatTemplate.Resolve(ChatTemplateKind.ChatML, Llama3Jinja, "m").Kind);
        Assert.Equal(ChatTemplateKind.None, ChatTemplate.Resolve(ChatTemplateKind.None, null, "m").Kind);
    }

    [Theory]
    [InlineData("auto", ChatTemplateKind.Auto)]
    [InlineData("", ChatTemplateKind.Auto)]
    [InlineData("Llama3", ChatTemplateKind.Llama3)]
    [InlineData("chatml", ChatTemplateKind.ChatML)]
    [InlineData("none", ChatTemplateKind.None)]
    public void ParsesTheSetting(string value, ChatTemplateKind expected) => Assert.Equal(expected, ChatTemplate.ParseKind(value));

    [Theory]
    [InlineData("vicuna")]
    [InlineData("2")]
    public void RejectsUnknownSettings(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ChatTemplate.ParseKind(value));
        Assert.Contains("auto, llama2, llama3, chatml or none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RendersLlama2()
    {
        Assert.Equal(
            "[INST] <<SYS>>\nAnswer briefly.\n<</SYS>>\n\nHi? [/INST] Hello. </s><s>[INST] What is 2+2? [/INST]",
            ChatTemplate.Create(ChatTemplateKind.Llama2).Render(Conversation));
        Assert.Equal("[INST] Hi? [/INST]", ChatTemplate.Create(ChatTemplateKind.Llama2).Render([new(ChatRole.User, " Hi? ")]));
    }

    [Fact]
    public void RendersLlama3()
    {
        Assert.Equal(
            "<|start_header_id|>system<|end_header_id|>\n\nAnswer briefly.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHi?<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
            ChatTemplate.Create(ChatTemplateKind.Llama3).Render(Conversation));
    }

    [Fact]
    public void RendersChatML()
    {
        var template = ChatTemplate.Create(ChatTemplateKind.ChatML);
        Assert.Equal(
            "<|im_start|>system\nAnswer briefly.<|im_end|>\n<|im_start|>user\nHi?<|im_end|>\n" +
            "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
            template.Render(Conversation));
        Assert.Contains("<|im_end|>", template.StopSequences);
    }

    [Fact]
    public void RendersAPlainCompletionPrompt()
    {
        var template = ChatTemplate.Create(ChatTemplateKind.None);
        Assert.Equal("System: Answer briefly.\nUser: Hi?\nAssistant: Hello.\nUser: What is 2+2?\nAssistant:", template.Render(Conversation));
        Assert.Contains("\nUser:", template.StopSequences);
    }
}
