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

    private const string GemmaJinja =
        "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{% set first_user_prefix = messages[0]['content'] + '\n\n' %}" +
        "{% set loop_messages = messages[1:] %}{% else %}{% set first_user_prefix = \"\" %}{% set loop_messages = messages %}{% endif %}" +
        "{% for message in loop_messages %}{% if (message['role'] == 'assistant') %}{% set role = \"model\" %}{% else %}{% set role = message['role'] %}{% endif %}" +
        "{{ '<start_of_turn>' + role + '\n' + (first_user_prefix if loop.first else \"\") }}{{ message['content'] | trim }}{{ '<end_of_turn>\n' }}" +
        "{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}";

    private const string Phi3Jinja =
        "{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|>\n' + message['content'] + '<|end|>\n'}}" +
        "{% elif message['role'] == 'user' %}{{'<|user|>\n' + message['content'] + '<|end|>\n'}}{% elif message['role'] == 'assistant' %}" +
        "{{'<|assistant|>\n' + message['content'] + '<|end|>\n'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}";

    private const string Qwen3Jinja =
        "{%- for message in messages %}{%- if message.role == \"user\" %}{{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}" +
        "{%- endif %}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\n' }}{%- if enable_thinking is defined and enable_thinking is false %}" +
        "{{- '<think>\n\n</think>\n\n' }}{%- endif %}{%- endif %}";

    private const string VicunaJinja =
        "{% for message in messages %}{% if message['role'] == 'user' %}{{ 'USER: ' + message['content'] + '\n' }}{% else %}{{ 'ASSISTANT: ' + message['content'] + eos_token }}{% endif %}{% endfor %}";

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
    [InlineData(Qwen3Jinja, ChatTemplateKind.ChatML)]
    [InlineData(GemmaJinja, ChatTemplateKind.Gemma)]
    [InlineData(Phi3Jinja, ChatTemplateKind.Phi3)]
    [InlineData(MistralJinja, ChatTemplateKind.Mistral)]
    public void RecognisesTemplatesByTheirMarkers(string jinja, ChatTemplateKind expected) =>
        Assert.Equal(expected, ChatTemplate.Detect(jinja));

    [Fact]
    public void UnknownOrMissingTemplatesAreNotGuessed()
    {
        Assert.Null(ChatTemplate.Detect(VicunaJinja));
        Assert.Null(ChatTemplate.Detect(null));
        var error = Assert.Throws<ArgumentException>(() => ChatTemplate.Resolve(ChatTemplateKind.Auto, VicunaJinja, "vicuna.gguf"));
        Assert.Contains("vicuna.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not recognise", error.Message, StringComparison.Ordinal);
        Assert.Contains("chat.template=llama2|llama3|chatml|gemma|phi3|mistral", error.Message, StringComparison.Ordinal);
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
    [InlineData("Gemma", ChatTemplateKind.Gemma)]
    [InlineData("phi3", ChatTemplateKind.Phi3)]
    [InlineData("mistral", ChatTemplateKind.Mistral)]
    public void ParsesTheSetting(string value, ChatTemplateKind expected) => Assert.Equal(expected, ChatTemplate.ParseKind(value));

    [Theory]
    [InlineData("vicuna")]
    [InlineData("2")]
    public void RejectsUnknownSettings(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ChatTemplate.ParseKind(value));
        Assert.Contains("auto, llama2, llama3, chatml, gemma, phi3, mistral or none", error.Message, StringComparison.Ordinal);
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

    [Fact]
    public void RendersGemmaWithTheSystemPromptInTheFirstUserTurn()
    {
        var template = ChatTemplate.Create(ChatTemplateKind.Gemma);
        Assert.Equal(
            "<start_of_turn>user\nAnswer briefly.\n\nHi?<end_of_turn>\n<start_of_turn>model\nHello.<end_of_turn>\n" +
            "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n",
            template.Render(Conversation));
        Assert.Equal("<start_of_turn>user\nHi?<end_of_turn>\n<start_of_turn>model\n", template.Render([new(ChatRole.User, " Hi? ")]));
        Assert.Equal("<start_of_turn>user\nBe terse.<end_of_turn>\n<start_of_turn>model\n", template.Render([new(ChatRole.System, "Be terse.")]));
        Assert.Contains("<end_of_turn>", template.StopSequences);
    }

    [Fact]
    public void RendersPhi3()
    {
        var template = ChatTemplate.Create(ChatTemplateKind.Phi3);
        Assert.Equal(
            "<|system|>\nAnswer briefly.<|end|>\n<|user|>\nHi?<|end|>\n<|assistant|>\nHello.<|end|>\n<|user|>\nWhat is 2+2?<|end|>\n<|assistant|>\n",
            template.Render(Conversation));
        Assert.Contains("<|end|>", template.StopSequences);
    }

    [Fact]
    public void RendersMistralWithTheSystemPromptInTheFirstInstruction()
    {
        var template = ChatTemplate.Create(ChatTemplateKind.Mistral);
        Assert.Equal("[INST] Answer briefly.\n\nHi? [/INST] Hello.</s>[INST] What is 2+2? [/INST]", template.Render(Conversation));
        Assert.Equal("[INST] A\n\nB [/INST]", template.Render([new(ChatRole.User, "A"), new(ChatRole.User, "B")]));
        Assert.Equal("[INST] Be terse. [/INST]", template.Render([new(ChatRole.System, "Be terse.")]));
        Assert.Equal(["</s>", "[INST]"], template.StopSequences);
    }
}
