using Docent.Retrieval;

namespace Docent.Answering.Generative;

/// <summary>
/// A source as put into the prompt: its number, the chunk, the text shown (the chunk's text, or a prefix of it
/// cut at a sentence end) and the whole block with its header. Immutable.
/// </summary>
internal sealed record PackedSource(int Number, RetrievedChunk Item, string Text, bool Cut, string Block);
