using Docent.Documents;

namespace Docent.Tests.Documents;

public sealed class MarkdownReaderConformanceTests : DocumentReaderConformanceTests
{
    protected override IDocumentReader Reader { get; } = new MarkdownReader();

    protected override string FileName => "coast.md";

    protected override byte[] ValidDocument() =>
        System.Text.Encoding.UTF8.GetBytes($"# Lighthouse\n\n{Paragraphs[0]}\n\n## Harbour\n\n{Paragraphs[1]}\n");
}
