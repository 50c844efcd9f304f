using Docent.Retrieval;
using Docent.Text;

namespace Docent.Answering.Extractive;

/// <summary>
/// One sentence of one context chunk as the extractive generator sees it: where it lies, which question
/// terms it holds (and at which positions), and its scores. Mutable scratch state of a single call; not
/// thread-safe.
/// </summary>
internal sealed class CandidateSentence
{
    public CandidateSentence(RetrievedChunk chunk, int chunkOrder, IReadOnlyList<Token> chunkTokens, SentenceSpan span, int tokenFrom, int tokenTo)
    {
        Chunk = chunk;
        ChunkOrder = chunkOrder;
        ChunkTokens = chunkTokens;
        Span = span;
        TokenFrom = tokenFrom;
        TokenTo = tokenTo;
    }

    /// <summary>The chunk the sentence belongs to.</summary>
    public RetrievedChunk Chunk { get; }

    /// <summary>0-based position of the chunk in the context (best first).</summary>
    public int ChunkOrder { get; }

    /// <summary>All analysed tokens of the chunk text.</summary>
    public IReadOnlyList<Token> ChunkTokens { get; }

    /// <summary>The sentence within the chunk text.</summary>
    public SentenceSpan Span { get; }

    /// <summary>First index in <see cref="ChunkTokens"/> inside the sentence.</summary>
    public int TokenFrom { get; }

    /// <summary>One past the last index in <see cref="ChunkTokens"/> inside the sentence.</summary>
    public int TokenTo { get; }

    /// <summary>Question-term hits: (token position, question term index), in text order.</summary>
    public List<(int Position, int Term)> Hits { get; } = [];

    /// <summary>Bit i set when question term i occurs (terms beyond 64 are ignored).</summary>
    public ulong Matched { get; set; }

    /// <summary>
    /// Question terms the sentence's surroundings hold but it does not: the previous sentence of its chunk
    /// and the chunk's title and headings ("The game was played at …" after a sentence naming the game).
    /// </summary>
    public ulong ContextMatched { get; set; }

    /// <summary>Share of the question's idf mass the sentence holds (its surroundings' terms at a discount).</summary>
    public double Coverage { get; set; }

    /// <summary>Strength of the answer-type cue, in [0, 1].</summary>
    public double Cue { get; set; }

    /// <summary>
    /// Cosine similarity between the question and the sentence under the embedding model, in [-1, 1]; null when no
    /// model was at hand or the sentence lay beyond the passages it compares.
    /// </summary>
    public double? Similarity { get; set; }

    /// <summary>The score from the words alone (what <see cref="Score"/> is without an embedding model).</summary>
    public double LexicalScore { get; set; }

    /// <summary>The combined score.</summary>
    public double Score { get; set; }

    /// <summary>The score counting only the sentence's own terms: what a supporting sentence must earn by itself.</summary>
    public double OwnScore { get; set; }

    /// <summary>The verbatim sentence text.</summary>
    public string Text => Chunk.Chunk.Text.Substring(Span.Start, Span.Length);

    /// <summary>The distinct terms of the sentence (for near-duplicate checks).</summary>
    public HashSet<string> Terms()
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        for (var i = TokenFrom; i < TokenTo; i++)
        {
            terms.Add(ChunkTokens[i].Term);
        }

        return terms;
    }
}
