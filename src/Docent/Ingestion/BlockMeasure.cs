using System.Runtime.CompilerServices;
using Docent.Documents;

namespace Docent.Ingestion;

/// <summary>
/// Counts what a reader's blocks hold as they stream to the chunker (characters, headings) for the document's
/// parse-quality report, without holding any of them. Not thread-safe: one per document.
/// </summary>
internal sealed class BlockMeasure
{
    /// <summary>Characters of block text seen.</summary>
    public long Characters { get; private set; }

    /// <summary>Heading blocks seen.</summary>
    public int Headings { get; private set; }

    /// <summary>Passes <paramref name="blocks"/> through, counting each.</summary>
    public async IAsyncEnumerable<DocumentBlock> Count(IAsyncEnumerable<DocumentBlock> blocks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var block in blocks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Characters += block.Text.Length;
            if (block.Kind == BlockKind.Heading)
            {
                Headings++;
            }

            yield return block;
        }
    }
}
