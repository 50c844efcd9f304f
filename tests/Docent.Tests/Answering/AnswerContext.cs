using Docent.Chunking;
using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Tests.Answering;

/// <summary>Builds hand-made retrieved chunks with plausible provenance for answering tests.</summary>
internal static class AnswerContext
{
    /// <summary>One chunk per text, ranked in order; chunk i comes from "doc-i" at offset 1000 * i + 37.</summary>
    public static IReadOnlyList<RetrievedChunk> Of(params string[] texts) =>
        [.. texts.Select((text, i) => Make(text, i + 1))];

    public static RetrievedChunk Make(string text, int rank, string? documentId = null, int ordinal = 0)
    {
        documentId ??= $"doc-{rank}";
        var chunk = new Chunk(
            Chunk.MakeId(documentId, ordinal),
            documentId,
            ordinal,
            text,
            ["Guide", $"Section {rank}"],
            rank,
            new TextSpan((1000L * rank) + 37, text.Length),
            text.Length / 4);
        var document = new DocumentRecord(
            documentId,
            $"/docs/{documentId}.md",
            $"Document {documentId}",
            "markdown",
            new string('0', 64),
            text.Length,
            1,
            new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            []);
        return new RetrievedChunk(chunk, document, 1.0 / rank, rank);
    }
}
