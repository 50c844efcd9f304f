using Docent.Documents;
using static Docent.Tests.Documents.FixtureBuilders;

namespace Docent.Tests.Documents;

/// <summary>The PDF reader against the shared contract, over a two-page document (one heading and paragraph per page).</summary>
public sealed class PdfReaderConformanceTests : DocumentReaderConformanceTests
{
    protected override IDocumentReader Reader { get; } = new PdfReader();

    protected override string FileName => "coast.pdf";

    protected override bool IsBinaryFormat => true;

    protected override byte[] Signature => "%PDF-1.7\n"u8.ToArray();

    protected override byte[] ValidDocument() => BuildPdf(
        "Coast",
        [new("Lighthouse", 20, true), new(null), new(Paragraphs[0])],
        [new("Harbour", 14, true), new(Paragraphs[1])]);
}
