using System.Globalization;
using System.Text;
using Docent.Retrieval;
using Docent.Safety;
using Docent.Text;

namespace Docent.Answering.Generative;

/// <summary>
/// Fills a token budget with sources, best first: each is added whole if it fits; else cut after its last
/// sentence that fits (at least one sentence); else skipped, and the next one tried. Each source is a block fenced
/// as untrusted data (<see cref="SourceFence"/>): the opening tag (labelled when the passage is flagged as a possible
/// prompt injection), "[n] Title: … | Page: … | Section: A > B", a line break, the text, and the closing tag on its
/// own line; blocks are separated by a blank line. Thread-safe (stateless).
/// </summary>
internal static class SourcePacker
{
    public const string Separator = "\n\n";

    public static List<PackedSource> Pack(
        IReadOnlyList<RetrievedChunk> context,
        int maxSources,
        int budget,
        ITokenCounter counter,
        ISentenceSplitter splitter,
        SourceFence fence,
        CancellationToken cancellationToken)
    {
        var packed = new List<PackedSource>();
        var separatorTokens = counter.CountTokens(Separator);
        var left = budget;
        foreach (var item in context)
        {
            if (packed.Count == maxSources || left <= 0)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var number = packed.Count + 1;
            var room = left - (packed.Count > 0 ? separatorTokens : 0);
            var text = item.Chunk.Text.TrimEnd(); // Not TrimStart: spans into the text must stay chunk offsets.
            var finding = InjectionDetector.Inspect(item.Chunk.HeadingPath, item.Chunk.Text);
            var opening = fence.Open(finding.Flagged ? finding.Reasons[0] : null);
            var block = Block(number, item, text, opening, fence);
            var tokens = counter.CountTokens(block);
            var cut = false;
            if (tokens > room)
            {
                (text, block, tokens) = CutToFit(number, item, text, opening, fence, room, counter, splitter);
                cut = true;
                if (block.Length == 0)
                {
                    continue;
                }
            }

            packed.Add(new PackedSource(number, item, text, cut, block));
            left = room - tokens;
        }

        return packed;
    }

    /// <summary>The header line of source <paramref name="number"/>.</summary>
    public static string Header(int number, RetrievedChunk item)
    {
        var header = new StringBuilder();
        header.Append('[').Append(number.ToString(CultureInfo.InvariantCulture)).Append("] Title: ").Append(OneLine(item.Document.Title));
        if (item.Chunk.Page is { } page)
        {
            header.Append(" | Page: ").Append(page.ToString(CultureInfo.InvariantCulture));
        }

        if (item.Chunk.HeadingPath.Count > 0)
        {
            header.Append(" | Section: ").Append(OneLine(string.Join(" > ", item.Chunk.HeadingPath)));
        }

        return header.ToString();
    }

    /// <summary>Title and headings, whose words also count as the source's for the grounding check.</summary>
    public static string Surroundings(RetrievedChunk item) =>
        item.Document.Title + "\n" + string.Join("\n", item.Chunk.HeadingPath);

    private static string Block(int number, RetrievedChunk item, string text, string opening, SourceFence fence) =>
        opening + "\n" + SourceFence.Neutralise(Header(number, item)) + "\n" + SourceFence.Neutralise(text) + "\n" + fence.Close;

    /// <summary>The longest prefix of whole sentences whose block fits <paramref name="room"/>; empty when not even one does.</summary>
    private static (string Text, string Block, int Tokens) CutToFit(
        int number,
        RetrievedChunk item,
        string text,
        string opening,
        SourceFence fence,
        int room,
        ITokenCounter counter,
        ISentenceSplitter splitter)
    {
        var sentences = splitter.Split(text);
        var (low, high) = (0, sentences.Count - 1);
        (string, string, int) best = (string.Empty, string.Empty, 0);

        // Binary search on how many sentences to keep: token counts grow with the prefix.
        while (low < high)
        {
            var keep = (low + high + 1) / 2;
            var prefix = text[..sentences[keep - 1].End];
            var block = Block(number, item, prefix, opening, fence);
            var tokens = counter.CountTokens(block);
            if (tokens <= room)
            {
                best = (prefix, block, tokens);
                low = keep;
            }
            else
            {
                high = keep - 1;
            }
        }

        return best;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
