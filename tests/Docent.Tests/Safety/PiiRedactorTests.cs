using Docent.Safety;

namespace Docent.Tests.Safety;

public sealed class PiiRedactorTests
{
    [Fact]
    public void Replaces_each_span_with_its_kind_and_keeps_the_rest()
    {
        const string text = "Mail jo@example.com, card 4111 1111 1111 1111, SSN 123-45-6789 and IBAN NL91ABNA0417164300. Phone +44 20 7946 0958!";
        var matches = new PiiDetector().Find(text);

        var redacted = PiiRedactor.Redact(text, matches);

        Assert.Equal("Mail [email], card [card number], SSN [national id] and IBAN [IBAN]. Phone [phone]!", redacted);
    }

    [Fact]
    public void Offsets_are_honoured_exactly_and_overlaps_keep_the_first()
    {
        const string text = "abcdefghij";
        PiiMatch[] matches =
        [
            new(PiiKind.Phone, 6, 2, "gh"),
            new(PiiKind.Email, 1, 3, "bcd"),
            new(PiiKind.Iban, 2, 3, "cde"),
        ];

        Assert.Equal("a[email]ef[phone]ij", PiiRedactor.Redact(text, matches));
    }

    [Fact]
    public void A_match_outside_the_text_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PiiRedactor.Redact("short", [new(PiiKind.Email, 3, 10, "x")]));

    [Fact]
    public void The_report_counts_per_kind()
    {
        var report = PiiReport.Of(new PiiDetector().Find("a@b.org, c@d.org and 4111 1111 1111 1111"));

        Assert.Equal(2, report.Count(PiiKind.Email));
        Assert.Equal(1, report.Count(PiiKind.CardNumber));
        Assert.Equal(0, report.Count(PiiKind.Phone));
        Assert.Equal(3, report.Total);
        Assert.Equal("email: 2, card number: 1", report.ToString());
    }
}
