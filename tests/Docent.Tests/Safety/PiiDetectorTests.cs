using System.Diagnostics;
using Docent.Safety;

namespace Docent.Tests.Safety;

public sealed class PiiDetectorTests
{
    private static readonly PiiDetector Detector = new();

    private static PiiMatch Single(string text, PiiKind kind)
    {
        var match = Assert.Single(Detector.Find(text));
        Assert.Equal(kind, match.Kind);
        Assert.Equal(match.Value, text.Substring(match.Start, match.Length));
        return match;
    }

    [Theory]
    [InlineData("Write to jane.doe+docs@example.co.uk today.", "jane.doe+docs@example.co.uk")]
    [InlineData("mailto:support@docent.dev", "support@docent.dev")]
    public void Finds_email_addresses(string text, string expected) =>
        Assert.Equal(expected, Single(text, PiiKind.Email).Value);

    [Fact]
    public void A_url_password_is_not_an_email_address() =>
        Assert.Empty(Detector.Find("Fetch https://user:secret@example.com/path please."));

    [Theory]
    [InlineData("Call +44 20 7946 0958 now.", "+44 20 7946 0958")]
    [InlineData("Ring +49 30 12345678.", "+49 30 12345678")]
    [InlineData("Tel: +4930123456789", "+4930123456789")]
    [InlineData("Call (555) 123-4567 after lunch.", "(555) 123-4567")]
    [InlineData("Office 020 7946 0958, ask for Jo.", "020 7946 0958")]
    [InlineData("Büro 030 12345678 anrufen.", "030 12345678")]
    [InlineData("Appelez le 01 23 45 67 89 demain.", "01 23 45 67 89")]
    public void Finds_phone_numbers(string text, string expected) =>
        Assert.Equal(expected, Single(text, PiiKind.Phone).Value);

    [Theory]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 please.", "DE89 3704 0044 0532 0130 00")]
    [InlineData("Pay GB82WEST12345698765432.", "GB82WEST12345698765432")]
    [InlineData("Rekening NL91ABNA0417164300 graag.", "NL91ABNA0417164300")]
    [InlineData("RIB FR14 2004 1010 0505 0001 3M02 606 merci.", "FR14 2004 1010 0505 0001 3M02 606")]
    public void Finds_ibans_with_valid_check_digits(string text, string expected) =>
        Assert.Equal(expected, Single(text, PiiKind.Iban).Value);

    [Theory]
    [InlineData("Visa 4111 1111 1111 1111 on file.", "4111 1111 1111 1111")]
    [InlineData("MC 5555-5555-5555-4444.", "5555-5555-5555-4444")]
    [InlineData("Amex 3782 822463 10005 expires.", "3782 822463 10005")]
    [InlineData("Discover 6011111111111117", "6011111111111117")]
    public void Finds_luhn_valid_card_numbers(string text, string expected) =>
        Assert.Equal(expected, Single(text, PiiKind.CardNumber).Value);

    [Theory]
    [InlineData("SSN 123-45-6789 on the form.", "123-45-6789", "US SSN")]
    [InlineData("NI number AB 12 34 56 C.", "AB 12 34 56 C", "UK NINO")]
    [InlineData("Mijn BSN is 111222333.", "111222333", "NL BSN")]
    [InlineData("burgerservicenummer: 123456782", "123456782", "NL BSN")]
    [InlineData("DNI 12345678Z del titular.", "12345678Z", "ES DNI")]
    public void Finds_national_ids_and_names_the_scheme(string text, string expected, string scheme)
    {
        var match = Single(text, PiiKind.NationalId);
        Assert.Equal(expected, match.Value);
        Assert.Equal(scheme, match.Scheme);
    }

    [Theory]
    [InlineData("Card 4111 1111 1111 1112 was declined.")] // Luhn-invalid
    [InlineData("IBAN DE88 3704 0044 0532 0130 00.")] // wrong check digits
    [InlineData("SSN 900-12-3456 is not issued.")] // 900 area
    [InlineData("SSN 123-00-6789 is not issued.")] // 00 group
    [InlineData("NI number GB 12 34 56 A.")] // excluded prefix
    [InlineData("DNI 12345678A del titular.")] // wrong control letter
    [InlineData("Shipped on 2026-12-05.")]
    [InlineData("Windows 10.0.19041 is required.")]
    [InlineData("ISBN 978-0-306-40615-7.")]
    [InlineData("Order 123456789 was shipped.")] // passes the 11-test, but no cue word
    [InlineData("Meeting 10:30–11:45 in room 4.")]
    [InlineData("Total €1,234.56 incl. VAT.")]
    [InlineData("Termin am 05.12.2026 um 10:30.")]
    [InlineData("Invoice 2024-000123, amount 48213377651.")]
    public void Near_misses_and_confusers_are_not_reported(string text) =>
        Assert.Empty(Detector.Find(text));

    [Fact]
    public void An_iban_wins_over_the_phone_number_hidden_inside_it()
    {
        var matches = Detector.Find("Transfer to DE89 3704 0044 0532 0130 00 today");
        Assert.Equal(PiiKind.Iban, Assert.Single(matches).Kind);
    }

    [Fact]
    public void Matches_come_back_in_text_order_with_their_offsets()
    {
        const string text = "Mail a@b.org or call +44 20 7946 0958; IBAN GB82 WEST 1234 5698 7654 32.";
        var matches = Detector.Find(text);

        Assert.Equal([PiiKind.Email, PiiKind.Phone, PiiKind.Iban], matches.Select(m => m.Kind));
        Assert.All(matches, m => Assert.Equal(m.Value, text.Substring(m.Start, m.Length)));
    }

    [Fact]
    public void A_hostile_megabyte_of_digits_and_separators_finishes_quickly()
    {
        var random = new Random(19);
        const string alphabet = "0123456789 -./+()";
        var text = new string([.. Enumerable.Range(0, 1_000_000).Select(_ => random.Next(3) == 0 ? alphabet[random.Next(alphabet.Length)] : (char)('0' + random.Next(10)))]);

        var clock = Stopwatch.StartNew();
        var matches = Detector.Find(text);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.All(matches, m => Assert.Equal(m.Value, text.Substring(m.Start, m.Length)));
    }

    [Fact]
    public void A_text_over_the_cap_is_refused() =>
        Assert.Throws<ArgumentException>(() => Detector.Find(new string('a', PiiDetector.MaxTextLength + 1)));
}
