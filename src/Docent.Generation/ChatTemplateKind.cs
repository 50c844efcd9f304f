namespace Docent.Generation;

/// <summary>The prompt formats <see cref="ChatTemplate"/> renders (the <c>chat.template</c> setting's values).</summary>
public enum ChatTemplateKind
{
    /// <summary>Recognise the format from the model's GGUF <c>tokenizer.chat_template</c>.</summary>
    Auto,

    /// <summary>Llama 2 chat: <c>[INST] &lt;&lt;SYS&gt;&gt;…&lt;&lt;/SYS&gt;&gt; … [/INST]</c>.</summary>
    Llama2,

    /// <summary>Llama 3: <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;</c> … <c>&lt;|eot_id|&gt;</c>.</summary>
    Llama3,

    /// <summary>ChatML (Qwen and many others): <c>&lt;|im_start|&gt;role</c> … <c>&lt;|im_end|&gt;</c>.</summary>
    ChatML,

    /// <summary>No chat format: a plain "System: …\nUser: …\nAssistant:" completion prompt, for base models.</summary>
    None,
}
