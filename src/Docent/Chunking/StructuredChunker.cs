using System.Runtime.CompilerServices;
using Docent.Documents;
using Docent.Text;

namespace Docent.Chunking;

/// <summary>
/// Structure-aware chunker. A heading block starts a new section (as does any change of heading path), and no
/// chunk crosses a section; heading text is not put in chunks, which carry the path instead. Within a section,
/// whole blocks are packed while they fit <see cref="ChunkerOptions.MaxTokens"/>; a block that does not fit
/// starts the next chunk, or, when it is larger than the budget or would leave the open chunk under
/// <see cref="ChunkerOptions.MinTokens"/>, is split into sentences (lines for code) packed greedily. A sentence
/// over the budget is a chunk of its own; one over four budgets is cut at whitespace. Because packing is greedy,
/// two neighbouring chunks of a section never fit the budget together, so a small trailing chunk is never
/// left where merging it into its predecessor would fit. Tokens are estimated as characters / 4, rounded up
/// (see <see cref="EstimateTokens"/>). Chunks are yielded as soon as they are complete; only the blocks under
/// the open chunk are held. Thread-safe (stateless; each call has its own state).
/// </summary>
public sealed class StructuredChunker : IChunker
{
    private readonly ISentenceSplitter _sentenceSplitter;

    /// <summary>A chunker using <see cref="SentenceSplitter"/>.</summary>
    public StructuredChunker()
        : this(new SentenceSplitter())
    {
    }

    /// <summary>A chunker using <paramref name="sentenceSplitter"/> to split blocks that do not fit.</summary>
    public StructuredChunker(ISentenceSplitter sentenceSplitter)
    {
        ArgumentNullException.ThrowIfNull(sentenceSplitter);
        this._sentenceSplitter = sentenceSplitter;
    }

    /// <summary>
    /// The token estimate used for the budget: one token per four characters, rounded up. It needs no
    /// tokenizer and is additive over lengths; for English prose it is close to what BPE tokenizers produce.
    /// </summary>
    public static int EstimateTokens(long characters) => (int)Math.Min(int.MaxValue, (Math.Max(characters, 0) + 3) / 4);

    /// <inheritdoc />
    public async IAsyncEnumerable<Chunk> ChunkAsync(
        string documentId,
        IAsyncEnumerable<DocumentBlock> blocks,
        ChunkerOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentNullException.ThrowIfNull(blocks);
        options ??= new ChunkerOptions();
        options.Validate();

        var packer = new ChunkPacker(documentId, options.MaxTokens, options.MinTokens, _sentenceSplitter);
        await foreach (var block in blocks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var chunk in packer.Add(block, cancellationToken))
            {
                yield return chunk;
            }
        }

        foreach (var chunk in packer.Complete())
        {
            yield return chunk;
        }
    }
}
