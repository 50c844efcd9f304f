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

    /// <summary>Gemma 2/3: <c>&lt;start_of_turn&gt;user</c> … <c>&lt;end_of_turn&gt;</c>, the answer in a <c>model</c> turn, the system prompt folded into the first user turn.</summary>
    Gemma,

    /// <summary>Phi-3: <c>&lt;|system|&gt;</c>, <c>&lt;|user|&gt;</c>, <c>&lt;|assistant|&gt;</c> turns each closed by <c>&lt;|end|&gt;</c>.</summary>
    Phi3,

    /// <summary>Mistral instruct: <c>[INST] … [/INST]</c> without Llama 2's &lt;&lt;SYS&gt;&gt;; the system prompt folded into the first user message.</summary>
    Mistral,

    /// <summary>No chat format: a plain "System: …\nUser: …\nAssistant:" completion prompt, for base models.</summary>
    None,
}
