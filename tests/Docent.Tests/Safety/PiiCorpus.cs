using System.Globalization;
using System.Text;
using Docent.Safety;

namespace Docent.Tests.Safety;

/// <summary>
/// A deterministic set of sentences (fixed seed) in English, German, French and Dutch: about 60 % carry one or two
/// planted, valid PII items (computed IBAN check digits, Luhn digits, BSN 11-test, SSNs in issued ranges) whose spans
/// are recorded; the rest carry confusers only (dates, times, amounts, versions, order ids, ISBNs, postcodes, long numbers).
/// </summary>
public static class PiiCorpus
{
    public sealed record Planted(PiiKind Kind, int Start, int Length);

    public sealed record Sentence(string Text, IReadOnlyList<Planted> Items);

    private static readonly string[] Openers =
    [
        "For the record,", "As discussed,", "Note:", "Per the form,", "Laut Akte", "Bitte beachten:", "Selon le dossier,",
        "Pour info,", "Volgens het dossier", "Let op:", "In the appendix", "The customer wrote that",
    ];

    private static readonly string[] Joiners = [" and ", "; also ", ", und ", " et ", " en ", ", plus "];

    private static readonly Dictionary<PiiKind, string[]> Leads = new()
    {
        [PiiKind.Email] = ["write to {0}", "the contact is {0}", "E-Mail an {0}", "écrivez à {0}", "mail naar {0}", "reply to <{0}>"],
        [PiiKind.Phone] = ["call {0}", "the phone number is {0}", "Telefon: {0}", "appelez le {0}", "bel {0}", "reachable at {0} on weekdays"],
        [PiiKind.Iban] = ["pay into {0}", "IBAN: {0}", "Überweisung auf {0}", "virement sur {0}", "rekeningnummer {0}", "the account {0} was debited"],
        [PiiKind.CardNumber] = ["the card {0} was charged", "card number {0}", "Kreditkarte {0}", "carte bancaire {0}", "creditcard {0}", "paid with {0}"],
        [PiiKind.NationalId] = ["the id is {0}", "ID {0} on file", "Ausweis {0}", "numéro {0}", "nummer {0}", "identified as {0}"],
    };

    private static readonly string[] Confusers =
    [
        "on {date}", "at {time}", "for {amount}", "running version {version}", "order {order}", "ISBN {isbn}",
        "postcode {postcode}", "reference {long}", "am {date} um {time}", "le {date} à {time}", "ticket #{order}",
        "Rechnung {invoice}", "between {time} and {time}", "build {version}",
    ];

    public static IReadOnlyList<Sentence> Generate(int count = 500, int seed = 19)
    {
        var random = new Random(seed);
        var sentences = new List<Sentence>(count);
        var kinds = PiiDetector.PatternKinds;
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder(Pick(random, Openers)).Append(' ');
            var items = new List<Planted>();
            if (random.NextDouble() < 0.6)
            {
                var planted = random.Next(3) == 0 ? 2 : 1;
                for (var p = 0; p < planted; p++)
                {
                    if (p > 0)
                    {
                        text.Append(Pick(random, Joiners));
                    }
                    var kind = kinds[random.Next(kinds.Length)];
                    var (value, lead) = Value(random, kind);
                    var template = lead ?? Pick(random, Leads[kind]);
                    var at = template.IndexOf("{0}", StringComparison.Ordinal);
                    text.Append(template.AsSpan(0, at));
                    items.Add(new Planted(kind, text.Length, value.Length));
                    text.Append(value).Append(template.AsSpan(at + 3));
                }
                if (random.Next(2) == 0)
                {
                    text.Append(", ").Append(Confuser(random));
                }
            }
            else
            {
                text.Append("the note mentions ").Append(Confuser(random));
                if (random.Next(2) == 0)
                {
                    text.Append(" and ").Append(Confuser(random));
                }
            }
            sentences.Add(new Sentence(text.Append('.').ToString(), items));
        }
        return sentences;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Digits(Random random, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    /// <summary>A valid value of the kind; national ids bring their own lead when the scheme needs a cue (BSN).</summary>
    private static (string Value, string? Lead) Value(Random random, PiiKind kind) => kind switch
    {
        PiiKind.Email => (Email(random), null),
        PiiKind.Phone => (Phone(random), null),
        PiiKind.Iban => (Iban(random), null),
        PiiKind.CardNumber => (Card(random), null),
        _ => NationalId(random),
    };

    private static string Email(Random random)
    {
        string[] names = ["anna", "j.smith", "mueller", "claire.dubois", "pieter_devries", "ops-team", "k.tanaka+news"];
        string[] domains = ["example.com", "mail.example.org", "firma.de", "societe.fr", "bedrijf.nl", "uni-koeln.de", "co.uk.example.net"];
        return $"{Pick(random, names)}{random.Next(100)}@{Pick(random, domains)}";
    }

    private static string Phone(Random random) => random.Next(8) switch
    {
        0 => $"+44 20 {Digits(random, 4)} {Digits(random, 4)}",
        1 => $"+49 30 {random.Next(1, 10)}{Digits(random, 7)}",
        2 => $"+33 {random.Next(1, 10)} {Digits(random, 2)} {Digits(random, 2)} {Digits(random, 2)} {Digits(random, 2)}",
        3 => $"+1 ({random.Next(2, 10)}{Digits(random, 2)}) {Digits(random, 3)}-{Digits(random, 4)}",
        4 => $"({random.Next(2, 10)}{Digits(random, 2)}) {Digits(random, 3)}-{Digits(random, 4)}",
        5 => $"020 {Digits(random, 4)} {Digits(random, 4)}",
        6 => $"030 {random.Next(1, 10)}{Digits(random, 7)}",
        _ => $"0{random.Next(1, 10)} {Digits(random, 2)} {Digits(random, 2)} {Digits(random, 2)} {Digits(random, 2)}",
    };

    private static string Iban(Random random)
    {
        (string Country, int Length)[] countries = [("DE", 22), ("GB", 22), ("NL", 18), ("FR", 27), ("ES", 24), ("IT", 27), ("BE", 16), ("AT", 20), ("CH", 21)];
        var (country, length) = Pick(random, countries);
        var bban = country switch
        {
            "GB" => "WEST" + Digits(random, length - 8),
            "NL" => "ABNA" + Digits(random, length - 8),
            "IT" => "X" + Digits(random, length - 5),
            _ => Digits(random, length - 4),
        };
        var check = 98 - Mod97(bban + country + "00");
        var compact = $"{country}{check:00}{bban}";
        return random.Next(2) == 0 ? compact : string.Join(' ', compact.Chunk(4).Select(c => new string(c)));
    }

    private static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            remainder = char.IsAsciiDigit(c) ? ((remainder * 10) + (c - '0')) % 97 : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }
        return remainder;
    }

    private static string Card(Random random)
    {
        (string Prefix, int Length)[] issuers = [("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16), ("65", 16)];
        var (prefix, length) = Pick(random, issuers);
        var body = prefix + Digits(random, length - prefix.Length - 1);
        var number = body + LuhnDigit(body);
        if (length == 15)
        {
            return random.Next(2) == 0 ? number : $"{number[..4]} {number[4..10]} {number[10..]}";
        }
        return random.Next(3) switch
        {
            0 => number,
            1 => string.Join(' ', number.Chunk(4).Select(c => new string(c))),
            _ => string.Join('-', number.Chunk(4).Select(c => new string(c))),
        };
    }

    private static char LuhnDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }
            sum += d;
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private static (string Value, string? Lead) NationalId(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                var area = random.Next(1, 900);
                area = area == 666 ? 667 : area;
                return ($"{area:000}-{random.Next(1, 100):00}-{random.Next(1, 10000):0000}", null);
            case 1:
                const string first = "ABCEGHJKLMNOPRSTWXYZ";
                const string second = "ABCEGHJKLMNPRSTWXYZ";
                string prefix;
                do
                {
                    prefix = $"{first[random.Next(first.Length)]}{second[random.Next(second.Length)]}";
                }
                while (prefix is "BG" or "GB" or "KN" or "NK" or "NT" or "TN" or "ZZ");
                var digits = Digits(random, 6);
                var suffix = (char)('A' + random.Next(4));
                return (random.Next(2) == 0 ? $"{prefix}{digits}{suffix}" : $"{prefix} {digits[..2]} {digits[2..4]} {digits[4..]} {suffix}", null);
            case 2:
                string bsn;
                do
                {
                    bsn = Digits(random, 9);
                }
                while (!ElevenTest(bsn));
                string[] cues = ["BSN {0}", "burgerservicenummer {0}", "met BSN: {0}", "citizen service number (BSN) {0}"];
                return (bsn, Pick(random, cues));
            default:
                var number = random.Next(10_000_000, 100_000_000);
                return ($"{number}{"TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]}", null);
        }
    }

    private static bool ElevenTest(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (digits[i] - '0');
        }
        sum -= digits[8] - '0';
        return sum != 0 && sum % 11 == 0;
    }

    private static string Confuser(Random random)
    {
        var template = Pick(random, Confusers);
        var result = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                result.Append(template.AsSpan(i));
                break;
            }
            var close = template.IndexOf('}', open);
            result.Append(template.AsSpan(i, open - i)).Append(Fill(random, template[(open + 1)..close]));
            i = close + 1;
        }
        return result.ToString();
    }

    private static string Fill(Random random, string slot)
    {
        var day = random.Next(1, 29);
        var month = random.Next(1, 13);
        var year = random.Next(1990, 2031);
        return slot switch
        {
            "date" => random.Next(3) switch
            {
                0 => $"{year}-{month:00}-{day:00}",
                1 => $"{day:00}.{month:00}.{year}",
                _ => $"{month:00}/{day:00}/{year}",
            },
            "time" => $"{random.Next(0, 24):00}:{random.Next(0, 60):00}",
            "amount" => random.Next(3) switch
            {
                0 => $"€{random.Next(1, 100)},{random.Next(0, 1000):000}.{random.Next(0, 100):00}",
                1 => $"{random.Next(1, 100000)},{random.Next(0, 100):00} EUR",
                _ => $"${random.Next(1, 1000)},{random.Next(0, 1000):000}",
            },
            "version" => $"{random.Next(1, 20)}.{random.Next(0, 10)}.{random.Next(1000, 30000)}",
            "order" => random.Next(2) == 0 ? Digits(random, 9) : $"ORD-{year}-{Digits(random, 6)}",
            "invoice" => $"{year}/{Digits(random, 4)}",
            "isbn" => Isbn(random),
            "postcode" => random.Next(3) switch
            {
                0 => Digits(random, 5),
                1 => $"{random.Next(1000, 10000)} {(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}",
                _ => "SW1A 1AA",
            },
            _ => Digits(random, random.Next(10, 13)),
        };
    }

    private static string Isbn(Random random)
    {
        var body = "978" + Digits(random, 9);
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (body[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }
        var check = (10 - (sum % 10)) % 10;
        return $"{body[..3]}-{body[3]}-{body[4..7]}-{body[7..12]}-{check.ToString(CultureInfo.InvariantCulture)}";
    }
}
