using Docent.Documents;
using static Docent.Tests.Documents.FixtureBuilders;

namespace Docent.Tests.Documents;

public sealed class DocxReaderConformanceTests : DocumentReaderConformanceTests
{
    protected override IDocumentReader Reader { get; } = new DocxReader();

    protected override string FileName => "coast.docx";

    protected override bool IsBinaryFormat => true;

    protected override byte[] Signature => "PK\u0003\u0004"u8.ToArray();

    protected override byte[] ValidDocument() => BuildDocx(
        "Coast",
        [new("Heading1", "Lighthouse"), new(null, Paragraphs[0]), new("Heading2", "Harbour"), new(null, Paragraphs[1])]);
}
