using Docent.Documents;

namespace Docent.Tests.Documents;

public sealed class HtmlReaderConformanceTests : DocumentReaderConformanceTests
{
    protected override IDocumentReader Reader { get; } = new HtmlReader();

    protected override string FileName => "coast.html";

    protected override byte[] ValidDocument() => System.Text.Encoding.UTF8.GetBytes(
        $"<!DOCTYPE html><html><head><title>Coast</title></head><body><h1>Lighthouse</h1><p>{Paragraphs[0]}</p><h2>Harbour</h2><p>{Paragraphs[1]}</p></body></html>");
}
