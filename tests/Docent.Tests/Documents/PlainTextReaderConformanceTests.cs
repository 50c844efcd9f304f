using Docent.Documents;

namespace Docent.Tests.Documents;

public sealed class PlainTextReaderConformanceTests : DocumentReaderConformanceTests
{
    protected override IDocumentReader Reader { get; } = new PlainTextReader();

    protected override string FileName => "coast.txt";

    protected override bool HasHeadings => false;

    protected override byte[] ValidDocument() => System.Text.Encoding.UTF8.GetBytes($"{Paragraphs[0]}\n\n{Paragraphs[1]}\n");
}
