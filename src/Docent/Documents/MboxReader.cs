using System.Runtime.CompilerServices;
using MimeKit;

namespace Docent.Documents;

/// <summary>
/// Reads Unix mailboxes (".mbox"; "mbox") with MimeKit's mbox parser: the mailbox has no text of its own, and each
/// message is a file it holds ("inbox.mbox/0001 Subject.eml"), read by <see cref="MailReader"/> with its attachments
/// in turn. At most <see cref="MaxMessages"/> messages; MIME nesting is bounded. Recognised by content (an mbox
/// "From " line followed by mail headers) or by extension. Thread-safe.
/// </summary>
public sealed class MboxReader : IContainerReader
{
    /// <summary>Most messages one mailbox may hold.</summary>
    public const int MaxMessages = 100_000;

    /// <inheritdoc />
    public string Format => "mbox";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Extension == ".mbox" || ContentSniffer.IsMbox(input.Head.Span);
    }

    /// <summary>A mailbox has no text of its own: everything is in its messages.</summary>
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ContainedFile> ReadContainedAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stream = input.Open();
        await using (stream.ConfigureAwait(false))
        {
            var parser = new MimeParser(new ParserOptions { MaxMimeDepth = 32 }, stream, MimeFormat.Mbox);
            for (var number = 1; !parser.IsEndOfStream; number++)
            {
                if (number > MaxMessages)
                {
                    throw new DocumentReadException(input.Path, $"the mailbox holds more than {MaxMessages:N0} messages, over the limit for one mailbox");
                }

                MimeMessage message;
                try
                {
                    message = await parser.ParseMessageAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (FormatException ex)
                {
                    throw new DocumentReadException(input.Path, $"not a valid mailbox: message {number} cannot be read ({ex.Message.TrimEnd('.')})", ex);
                }

                var name = $"{number:D4} {MailReader.FileNameOf(message.Subject, number, ".eml")}";
                yield return new ContainedFile(name, (target, ct) => message.WriteToAsync(target, ct));
            }
        }
    }
}
