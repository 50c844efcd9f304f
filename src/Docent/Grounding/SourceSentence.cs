using Docent.Answering;
using Docent.Text;

namespace Docent.Grounding;

/// <summary>One sentence of a source, analysed once for the grounding check. Immutable after construction.</summary>
internal sealed record SourceSentence(SentenceSpan Span, string Text, HashSet<string> Terms, List<WordInfo> Words);
