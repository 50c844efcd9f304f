using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;
using MimeKit;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Ingestion;

/// <summary>E-mail (.eml) and mailboxes (.mbox) through MimeKit: headers and body as the message's text, attachments and messages as documents held inside.</summary>
public sealed class MailIngestTests
{
    internal static byte[] TravelMail()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Priya Raman", "priya.raman@example.com"));
        message.To.Add(new MailboxAddress("All staff", "staff@example.com"));
        message.Subject = "New travel rates from January";
        message.Date = new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);
        var body = new BodyBuilder { TextBody = "Hello all,\n\nThe attached workbook lists the new daily allowances.\nThe finance office answers questions until Friday.\n\nPriya\n" };
        body.Attachments.Add("rates.xlsx", Documents.XlsxReaderTests.TravelWorkbook());
        message.Body = body.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    private static byte[] Mailbox()
    {
        using var stream = new MemoryStream();
        var first = new MimeMessage();
        first.From.Add(new MailboxAddress("Ops", "ops@example.com"));
        first.To.Add(new MailboxAddress("Team", "team@example.com"));
        first.Subject = "Server room access";
        first.Body = new TextPart("plain") { Text = "The server room badge reader was replaced on Tuesday.\n" };
        var second = new MimeMessage();
        second.From.Add(new MailboxAddress("Facilities", "facilities@example.com"));
        second.To.Add(new MailboxAddress("Team", "team@example.com"));
        second.Subject = "Fire drill / schedule";
        var body = new BodyBuilder { HtmlBody = "<html><body><h1>Drill</h1><p>The fire drill starts at 10:30 on Thursday.</p></body></html>" };
        body.Attachments.Add("assembly.txt", "During a fire drill, everyone assembles at the north car park by the flagpole.\n"u8.ToArray());
        second.Body = body.ToMessageBody();
        foreach (var message in new[] { first, second })
        {
            stream.Write("From MAILER-DAEMON Thu Dec  3 10:00:00 2026\n"u8);
            message.WriteTo(FormatOptions.Default, stream);
            stream.Write("\n"u8);
        }

        return stream.ToArray();
    }

    [Fact]
    public async Task AMessageReadsAsSubjectHeadersAndBody()
    {
        var input = FromBytes("rates-mail", TravelMail());
        Assert.Equal("email", DocumentReaderSelector.CreateDefault().Select(input).Reader?.Format);
        var blocks = await ReadAllAsync(new MailReader(), input);

        Assert.Equal("New travel rates from January", input.Report.Title);
        Assert.Equal((BlockKind.Heading, "New travel rates from January"), (blocks[0].Kind, blocks[0].Text));
        Assert.Contains(blocks, b => b.Text == "From: \"Priya Raman\" <priya.raman@example.com>");
        Assert.Contains(blocks, b => b.Text == "Date: 30 November 2026 09:15 +00:00");
        Assert.Contains(blocks, b => b.Text == "Attachments: rates.xlsx");
        Assert.Contains(blocks, b => b.Text.Contains("finance office answers questions until Friday", StringComparison.Ordinal));
        Assert.All(blocks, b => Assert.Equal("New travel rates from January", b.HeadingPath[0]));
    }

    [Fact]
    public async Task AnAttachmentIsADocumentOfItsOwnAnsweredAndCitedByItsPlaceInTheMessage()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/rates.eml", TravelMail());
        dir.Write("docs/guide.md", "# Travel guide\n\nBook trains for trips under four hours.\n");
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        var report = await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions());
        Assert.Empty(report.Failed);

        var documents = (await folder.Documents.ListDocumentsAsync()).ToDictionary(d => d.ShownSource);
        Assert.Equal("email", documents["docs/rates.eml"].Format);
        Assert.Equal("xlsx", documents["docs/rates.eml/rates.xlsx"].Format);
        Assert.Equal(documents["docs/rates.eml"].Id, documents["docs/rates.eml/rates.xlsx"].ParentId);

        var result = await folder.CreateAskPipeline().AskAsync("What is the per diem for Tokyo?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("85", result.Answer.Text, StringComparison.Ordinal);
        Assert.Equal("docs/rates.eml/rates.xlsx", Assert.Single(result.Answer.Citations, c => c.Quote.Contains("Tokyo", StringComparison.Ordinal)).ShownSource);

        result = await folder.CreateAskPipeline().AskAsync("Until when does the finance office answer questions?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Equal("docs/rates.eml", result.Answer.Citations[0].ShownSource);
    }

    [Fact]
    public async Task AMailboxHoldsItsMessagesAndTheirAttachments()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/inbox", Mailbox());
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        var report = await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions());
        Assert.Empty(report.Failed);

        Assert.Equal(
            ["docs/inbox", "docs/inbox/0001 Server room access.eml", "docs/inbox/0002 Fire drill - schedule.eml", "docs/inbox/0002 Fire drill - schedule.eml/assembly.txt"],
            (await folder.Documents.ListDocumentsAsync()).Select(d => d.ShownSource).Order(StringComparer.Ordinal));
        var result = await folder.CreateAskPipeline().AskAsync("Where do we assemble during the fire drill?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains(result.Answer.Citations, c => c.ShownSource == "docs/inbox/0002 Fire drill - schedule.eml/assembly.txt");
        result = await folder.CreateAskPipeline().AskAsync("When does the fire drill start?");
        Assert.True(result.Answer.Citations.Any(c => c.ShownSource == "docs/inbox/0002 Fire drill - schedule.eml" && c.HeadingPath.SequenceEqual(["Fire drill / schedule", "Drill"])),
            string.Join("\n", result.Answer.Citations.Select(c => $"{c.ShownSource} [{string.Join(" > ", c.HeadingPath)}] {c.Quote}")) + "\n" + result.Answer.Text);
    }

    [Fact]
    public void AMemoThatStartsWithFromIsTextNotMail()
    {
        var selector = DocumentReaderSelector.CreateDefault();
        Assert.Equal("text", selector.Select(FromText("memo.txt", "From: the director\n\nPlease tidy the kitchen.\n")).Reader?.Format);
        Assert.Equal("email", selector.Select(FromText("note", "From: a@example.com\nTo: b@example.com\nSubject: Hi\n\nHello.\n")).Reader?.Format);
        Assert.Equal("mbox", selector.Select(FromText("box", "From a@example.com Thu Dec  3 10:00:00 2026\nFrom: a@example.com\nDate: Thu, 3 Dec 2026 10:00:00 +0000\n\nHi\n")).Reader?.Format);
    }
}
