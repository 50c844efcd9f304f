using System.Text;
using Microsoft.Extensions.AI;

namespace Docent.Generation;

/// <summary>
/// Renders chat messages into the prompt text a chat-tuned model was trained on (Llama 2, Llama 3, ChatML as Qwen 2/3
/// use, Gemma, Phi-3, Mistral, or a plain completion prompt), and says which strings end the assistant's turn. The rendered prompt leaves BOS to
/// the tokenizer (<see cref="IGenerationTokenizer.AddBos"/>) and holds control tokens as text, so encode it with
/// special-token parsing. Immutable; thread-safe.
/// </summary>
public sealed class ChatTemplate
{
    /// <summary>The values the <c>chat.template</c> setting accepts.</summary>
    public const string SettingValues = "auto, llama2, llama3, chatml, gemma, phi3, mistral or none";

    private ChatTemplate(ChatTemplateKind kind, IReadOnlyList<string> stopSequences)
    {
        Kind = kind;
        StopSequences = stopSequences;
    }

    /// <summary>The format.</summary>
    public ChatTemplateKind Kind { get; }

    /// <summary>Strings that end the assistant's turn when they appear in generated text (beside the tokenizer's end tokens).</summary>
    public IReadOnlyList<string> StopSequences { get; }

    /// <summary>The template of <paramref name="kind"/> (not <see cref="ChatTemplateKind.Auto"/>).</summary>
    public static ChatTemplate Create(ChatTemplateKind kind) => kind switch
    {
        ChatTemplateKind.Llama2 => new(kind, ["</s>", "[INST]"]),
        ChatTemplateKind.Llama3 => new(kind, ["<|eot_id|>", "<|end_of_text|>"]),
        ChatTemplateKind.ChatML => new(kind, ["<|im_end|>", "<|im_start|>", "<|endoftext|>"]),
        ChatTemplateKind.Gemma => new(kind, ["<end_of_turn>", "<start_of_turn>", "<eos>"]),
        ChatTemplateKind.Phi3 => new(kind, ["<|end|>", "<|user|>", "<|endoftext|>"]),
        ChatTemplateKind.Mistral => new(kind, ["</s>", "[INST]"]),
        ChatTemplateKind.None => new(kind, ["\nUser:", "\nSystem:"]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Auto is resolved with Resolve, not created."),
    };

    /// <summary>Parses a <c>chat.template</c> value (case-insensitive); throws <see cref="ArgumentException"/> listing the values.</summary>
    public static ChatTemplateKind ParseKind(string? value) =>
        string.IsNullOrWhiteSpace(value) ? ChatTemplateKind.Auto
        : Enum.TryParse<ChatTemplateKind>(value.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _)
            ? kind
            : throw new ArgumentException($"chat.template \"{value}\" is not known; use {SettingValues}.");

    /// <summary>
    /// The format a Jinja <c>tokenizer.chat_template</c> is written for, recognised by its markers; null when it is
    /// none of the supported ones (or absent).
    /// </summary>
    public static ChatTemplateKind? Detect(string? jinja)
    {
        if (string.IsNullOrWhiteSpace(jinja))
        {
            return null;
        }

        if (jinja.Contains("<|im_start|>", StringComparison.Ordinal))
        {
            return ChatTemplateKind.ChatML;
        }

        if (jinja.Contains("<|start_header_id|>", StringComparison.Ordinal) && jinja.Contains("<|eot_id|>", StringComparison.Ordinal))
        {
            return ChatTemplateKind.Llama3;
        }

        if (jinja.Contains("<start_of_turn>", StringComparison.Ordinal))
        {
            return ChatTemplateKind.Gemma;
        }

        if (jinja.Contains("<|user|>", StringComparison.Ordinal) && jinja.Contains("<|assistant|>", StringComparison.Ordinal) && jinja.Contains("<|end|>", StringComparison.Ordinal))
        {
            return ChatTemplateKind.Phi3;
        }

        if (jinja.Contains("[INST]", StringComparison.Ordinal))
        {
            return jinja.Contains("<<SYS>>", StringComparison.Ordinal) ? ChatTemplateKind.Llama2 : ChatTemplateKind.Mistral;
        }

        return null;
    }

    /// <summary>
    /// The template to use: <paramref name="kind"/> when forced, else the one <paramref name="jinja"/> (the model's
    /// template, may be null) is recognised as; throws <see cref="ArgumentException"/> saying what is supported and how
    /// to force a format when auto finds none.
    /// </summary>
    public static ChatTemplate Resolve(ChatTemplateKind kind, string? jinja, string modelName)
    {
        if (kind != ChatTemplateKind.Auto)
        {
            return Create(kind);
        }

        if (Detect(jinja) is { } detected)
        {
            return Create(detected);
        }

        var what = string.IsNullOrWhiteSpace(jinja) ? "has no chat template (tokenizer.chat_template)" : "has a chat template Docent does not recognise";
        throw new ArgumentException(
            $"The model '{modelName}' {what}. Supported: Llama 2 ([INST] <<SYS>>), Llama 3 (<|start_header_id|>), ChatML " +
            "(<|im_start|>, as Qwen 2 and 3 use), Gemma (<start_of_turn>), Phi-3 (<|user|> … <|end|>) and Mistral ([INST] without <<SYS>>). " +
            "Force one with --set chat.template=llama2|llama3|chatml|gemma|phi3|mistral, or use " +
            "--set chat.template=none for a plain \"User: …\\nAssistant:\" prompt (base models).");
    }

    /// <summary>The prompt for <paramref name="messages"/>, ending where the assistant's answer begins.</summary>
    public string Render(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.Where(m => m.Role != ChatRole.Tool || !string.IsNullOrEmpty(m.Text)).ToList();
        return Kind switch
        {
            ChatTemplateKind.Llama2 => RenderLlama2(list),
            ChatTemplateKind.Llama3 => RenderHeaders(list, "<|start_header_id|>", "<|end_header_id|>\n\n", "<|eot_id|>", trim: true),
            ChatTemplateKind.ChatML => RenderHeaders(list, "<|im_start|>", "\n", "<|im_end|>\n", trim: false),
            ChatTemplateKind.Gemma => RenderGemma(list),
            ChatTemplateKind.Phi3 => RenderPhi3(list),
            ChatTemplateKind.Mistral => RenderMistral(list),
            _ => RenderPlain(list),
        };
    }

    private static string RenderHeaders(List<ChatMessage> messages, string open, string afterRole, string close, bool trim)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            text.Append(open).Append(message.Role.Value).Append(afterRole)
                .Append(trim ? message.Text.Trim() : message.Text).Append(close);
        }

        return text.Append(open).Append("assistant").Append(afterRole).ToString();
    }

    /// <summary>
    /// Meta's Llama 2 chat format: the system prompt wrapped in &lt;&lt;SYS&gt;&gt; inside the first [INST]; each exchange
    /// closed by &lt;/s&gt;&lt;s&gt;. The first &lt;s&gt; is the tokenizer's BOS.
    /// </summary>
    private static string RenderLlama2(List<ChatMessage> messages)
    {
        var text = new StringBuilder();
        var system = string.Join("\n\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text.Trim()));
        var first = true;
        var open = false;
        foreach (var message in messages.Where(m => m.Role != ChatRole.System))
        {
            if (message.Role == ChatRole.Assistant)
            {
                if (!open)
                {
                    // An assistant turn with no question before it: keep the alternation Meta's template requires.
                    text.Append(first ? "" : "<s>").Append("[INST]  [/INST]");
                    first = false;
                }

                text.Append(' ').Append(message.Text.Trim()).Append(" </s>");
                open = false;
                continue;
            }

            if (open)
            {
                // Two user turns in a row: join them into one instruction.
                text.Length -= " [/INST]".Length;
                text.Append("\n\n").Append(message.Text.Trim()).Append(" [/INST]");
                continue;
            }

            text.Append(first ? "" : "<s>").Append("[INST] ");
            if (first && system.Length > 0)
            {
                text.Append("<<SYS>>\n").Append(system).Append("\n<</SYS>>\n\n");
            }

            text.Append(message.Text.Trim()).Append(" [/INST]");
            first = false;
            open = true;
        }

        if (first && system.Length > 0)
        {
            text.Append("[INST] <<SYS>>\n").Append(system).Append("\n<</SYS>>\n\n [/INST]");
        }

        return text.ToString();
    }

    /// <summary>
    /// Google's Gemma format: user and model turns only, so system messages open the first user turn (a blank line
    /// after them); the first &lt;bos&gt; is the tokenizer's.
    /// </summary>
    private static string RenderGemma(List<ChatMessage> messages)
    {
        var text = new StringBuilder();
        var system = SystemText(messages);
        var pending = system.Length > 0 ? system + "\n\n" : "";
        foreach (var message in messages.Where(m => m.Role != ChatRole.System))
        {
            var role = message.Role == ChatRole.Assistant ? "model" : "user";
            var prefix = role == "user" ? pending : "";
            pending = role == "user" ? "" : pending;
            text.Append("<start_of_turn>").Append(role).Append('\n').Append(prefix).Append(message.Text.Trim()).Append("<end_of_turn>\n");
        }

        if (pending.Length > 0)
        {
            text.Append("<start_of_turn>user\n").Append(system).Append("<end_of_turn>\n");
        }

        return text.Append("<start_of_turn>model\n").ToString();
    }

    /// <summary>Microsoft's Phi-3 format: each turn <c>&lt;|role|&gt;\n…&lt;|end|&gt;\n</c>, ending with an open assistant turn.</summary>
    private static string RenderPhi3(List<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            var role = message.Role == ChatRole.System ? "system" : message.Role == ChatRole.Assistant ? "assistant" : "user";
            text.Append("<|").Append(role).Append("|>\n").Append(message.Text.Trim()).Append("<|end|>\n");
        }

        return text.Append("<|assistant|>\n").ToString();
    }

    /// <summary>
    /// Mistral's instruct format: <c>[INST] question [/INST] answer&lt;/s&gt;</c> per exchange, no system role, so the
    /// system prompt opens the first instruction; the first &lt;s&gt; is the tokenizer's BOS.
    /// </summary>
    private static string RenderMistral(List<ChatMessage> messages)
    {
        var text = new StringBuilder();
        var system = SystemText(messages);
        var pending = system.Length > 0 ? system + "\n\n" : "";
        var open = false;
        foreach (var message in messages.Where(m => m.Role != ChatRole.System))
        {
            if (message.Role == ChatRole.Assistant)
            {
                text.Append(open ? "" : "[INST]  [/INST]").Append(' ').Append(message.Text.Trim()).Append("</s>");
                open = false;
                continue;
            }

            if (open)
            {
                // Two user turns in a row: one instruction.
                text.Length -= " [/INST]".Length;
                text.Append("\n\n").Append(message.Text.Trim()).Append(" [/INST]");
                continue;
            }

            text.Append("[INST] ").Append(pending).Append(message.Text.Trim()).Append(" [/INST]");
            pending = "";
            open = true;
        }

        if (pending.Length > 0)
        {
            text.Append("[INST] ").Append(system).Append(" [/INST]");
        }

        return text.ToString();
    }

    private static string SystemText(List<ChatMessage> messages) =>
        string.Join("\n\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text.Trim()));

    private static string RenderPlain(List<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            var role = message.Role == ChatRole.System ? "System" : message.Role == ChatRole.Assistant ? "Assistant" : "User";
            text.Append(role).Append(": ").Append(message.Text.Trim()).Append('\n');
        }

        return text.Append("Assistant:").ToString();
    }
}
