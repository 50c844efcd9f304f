using System.Runtime.CompilerServices;
using System.Text;
using MimeKit;

namespace Docent.Documents;

/// <summary>
/// Reads e-mail messages (".eml", RFC 5322; "email") with MimeKit: the subject is the title and top heading, the
/// sender, recipients, date and attachment names follow as one line each, then the body (the plain-text part through
/// <see cref="PlainTextReader"/>, else the HTML part through <see cref="HtmlReader"/>, its headings nested under the
/// subject). Attachments, and forwarded messages, are the files it holds: the ingestion pipeline stores each as a
/// document of its own ("mail.eml/report.pdf"). MIME nesting is bounded; the message's size is the file's, already
/// limited. Recognised by content (headers such as From, Date and Subject before a blank line) or by extension. Thread-safe.
/// </summary>
public sealed class MailReader : IContainerReader
{
    private const int MaxMimeDepth = 32;

    private readonly PlainTextReader _text = new();
    private readonly HtmlReader _html = new();

    /// <inheritdoc />
    public string Format => "email";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Extension == ".eml" || ContentSniffer.LooksLikeMail(input.Head.Span);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        var message = await LoadAsync(input, cancellationToken).ConfigureAwait(false);
        var subject = TextNormalizer.Normalize(message.Subject);
        if (subject.Length == 0)
        {
            subject = "(no subject)";
        }

        input.Report.Title = subject;
        IReadOnlyList<string> path = [subject];
        yield return new DocumentBlock(BlockKind.Heading, subject, path, HeadingLevel: 1);
        foreach (var line in HeaderLines(message))
        {
            yield return new DocumentBlock(BlockKind.ListItem, line, path);
        }

        var plain = message.TextBody is { Length: > 0 };
        IDocumentReader reader = plain ? _text : _html;
        var body = plain ? message.TextBody : message.HtmlBody;
        if (string.IsNullOrEmpty(body))
        {
            yield break;
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        var bodyInput = new DocumentInput(input.Path + "#body", bytes.Length, bytes.AsMemory(0, Math.Min(bytes.Length, 4096)), () => new MemoryStream(bytes, writable: false));
        await foreach (var block in reader.ReadAsync(bodyInput, cancellationToken).ConfigureAwait(false))
        {
            // The body's own headings (an HTML mail's <h1>…) sit under the subject.
            yield return block with
            {
                HeadingPath = [subject, .. block.HeadingPath],
                HeadingLevel = block.Kind == BlockKind.Heading ? Math.Min(6, block.HeadingLevel + 1) : 0,
            };
        }

        foreach (var warning in bodyInput.Report.Warnings)
        {
            input.Report.Warn($"the message body: {warning}");
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ContainedFile> ReadContainedAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var message = await LoadAsync(input, cancellationToken).ConfigureAwait(false);
        var number = 0;
        foreach (var attachment in message.Attachments)
        {
            number++;
            switch (attachment)
            {
                case MessagePart { Message: { } forwarded }:
                    yield return new ContainedFile(FileNameOf(forwarded.Subject, number, ".eml"), (target, ct) => forwarded.WriteToAsync(target, ct));
                    break;
                case MimePart { Content: { } content } part:
                    yield return new ContainedFile(part.FileName is { Length: > 0 } name ? name : $"attachment-{number}{ExtensionOf(part.ContentType)}",
                        (target, ct) => content.DecodeToAsync(target, ct));
                    break;
            }
        }
    }

    /// <summary>"From: …", "To: …", "Cc: …", "Date: …" and "Attachments: …" for the headers the message has.</summary>
    internal static IEnumerable<string> HeaderLines(MimeMessage message)
    {
        string?[] lines =
        [
            Line("From", message.From.ToString()),
            Line("To", message.To.ToString()),
            Line("Cc", message.Cc.ToString()),
            message.Date == DateTimeOffset.MinValue ? null : $"Date: {message.Date.ToString("d MMMM yyyy HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture)}",
            Line("Attachments", string.Join(", ", message.Attachments.Select(a => a is MimePart { FileName: { Length: > 0 } name } ? name
                : a is MessagePart { Message: { } m } ? m.Subject : null).Where(n => !string.IsNullOrWhiteSpace(n)))),
        ];
        return lines.OfType<string>();

        static string? Line(string name, string value)
        {
            var text = TextNormalizer.Normalize(value);
            return text.Length == 0 ? null : $"{name}: {text}";
        }
    }

    /// <summary>A file name made from a message's subject (slashes cannot split it into folders).</summary>
    internal static string FileNameOf(string? subject, int number, string extension)
    {
        var name = TextNormalizer.Normalize(subject).Replace('/', '-').Replace('\\', '-');
        return (name.Length == 0 ? $"message-{number}" : name.Length > 120 ? name[..120] : name) + extension;
    }

    private static async Task<MimeMessage> LoadAsync(DocumentInput input, CancellationToken cancellationToken)
    {
        var stream = input.Open();
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await MimeMessage.LoadAsync(new ParserOptions { MaxMimeDepth = MaxMimeDepth }, stream, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                throw new DocumentReadException(input.Path, $"not a valid e-mail message: {ex.Message.TrimEnd('.')}", ex);
            }
        }
    }

    private static string ExtensionOf(ContentType type) => type.MimeType.ToLowerInvariant() switch
    {
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "text/html" => ".html",
        "text/markdown" => ".md",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => ".pptx",
        "application/zip" => ".zip",
        _ => ".bin",
    };
}
