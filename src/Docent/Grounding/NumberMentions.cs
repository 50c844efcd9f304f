using System.Globalization;
using Docent.Answering;

namespace Docent.Grounding;

/// <summary>
/// Finds the numbers in a text for the grounding check: digit runs with thousands separators and decimals
/// ("1,000" = 1000, "3.50" = 3.5, "01" = 1; "1.2.3" stays a version string; ordinal suffixes ignored), number
/// words up to the tens ("twenty-five" = 25), and scale words after a number ("2 million" means 2 or 2000000).
/// Dates fall apart into their numbers ("2024-01-15" → 2024, 1, 15); a clock time stays one ("8:00", which on
/// the hour also means 8). Thread-safe (stateless).
/// </summary>
internal static class NumberMentions
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.Ordinal)
    {
        ["zero"] = 0,
        ["one"] = 1,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["eleven"] = 11,
        ["twelve"] = 12,
        ["thirteen"] = 13,
        ["fourteen"] = 14,
        ["fifteen"] = 15,
        ["sixteen"] = 16,
        ["seventeen"] = 17,
        ["eighteen"] = 18,
        ["nineteen"] = 19,
    };

    private static readonly Dictionary<string, int> Tens = new(StringComparer.Ordinal)
    {
        ["twenty"] = 20,
        ["thirty"] = 30,
        ["forty"] = 40,
        ["fifty"] = 50,
        ["sixty"] = 60,
        ["seventy"] = 70,
        ["eighty"] = 80,
        ["ninety"] = 90,
    };

    private static readonly Dictionary<string, decimal> Scales = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100m,
        ["thousand"] = 1_000m,
        ["million"] = 1_000_000m,
        ["billion"] = 1_000_000_000m,
        ["trillion"] = 1_000_000_000_000m,
    };

    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["january"] = 1,
        ["jan"] = 1,
        ["february"] = 2,
        ["feb"] = 2,
        ["march"] = 3,
        ["mar"] = 3,
        ["april"] = 4,
        ["apr"] = 4,
        ["june"] = 6,
        ["jun"] = 6,
        ["july"] = 7,
        ["jul"] = 7,
        ["august"] = 8,
        ["aug"] = 8,
        ["september"] = 9,
        ["sep"] = 9,
        ["sept"] = 9,
        ["october"] = 10,
        ["oct"] = 10,
        ["november"] = 11,
        ["nov"] = 11,
        ["december"] = 12,
        ["dec"] = 12,
    };

    /// <summary>Whether <paramref name="lowerWord"/> is a number word ("three", "twenty", "million").</summary>
    public static bool IsNumberWord(string lowerWord) =>
        Units.ContainsKey(lowerWord) || Tens.ContainsKey(lowerWord) || Scales.ContainsKey(lowerWord);

    /// <summary>
    /// The numbers a claim makes. A lone "one" is left out: it is far more often a pronoun ("one of the forms")
    /// than a quantity.
    /// </summary>
    public static List<NumberMention> InClaim(string text) =>
        [.. Find(text).Where(m => !string.Equals(m.Surface, "one", StringComparison.OrdinalIgnoreCase))];

    /// <summary>
    /// Every value a source holds, for looking claims up in: its numbers with all their meanings, and the
    /// month numbers of month names ("January" = 1, "May" only when capitalised).
    /// </summary>
    public static HashSet<string> ValuesIn(string text)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mention in Find(text))
        {
            values.UnionWith(mention.Values);
        }

        foreach (var (word, start) in Words(text))
        {
            if (Months.TryGetValue(word, out var month) || (word == "may" && text[start] == 'M'))
            {
                values.Add(Canonical(word == "may" ? "5" : month.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return values;
    }

    /// <summary>All number mentions in <paramref name="text"/>, in order.</summary>
    public static List<NumberMention> Find(string text)
    {
        var tokens = Tokenize(text);
        var mentions = new List<NumberMention>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Other)
            {
                continue;
            }

            var start = token.Start;
            var end = token.End;
            var value = token.Value;
            var canonical = token.Canonical;

            // "twenty-five", "twenty five".
            if (token.Kind == TokenKind.Tens && i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Unit
                && tokens[i + 1].Value is >= 1 and <= 9 && Adjacent(text, end, tokens[i + 1].Start))
            {
                i++;
                value += tokens[i].Value;
                canonical = Canonical(value.ToString(CultureInfo.InvariantCulture));
                end = tokens[i].End;
            }

            var values = new List<string> { canonical };
            if (token.Alternative is { } alternative)
            {
                values.Add(alternative);
            }

            if (token.Kind == TokenKind.Scale)
            {
                // "a hundred", "thousands": the scale alone.
                mentions.Add(new NumberMention(text[start..end], values));
                continue;
            }

            // "2 million", "two hundred": the product too.
            if (i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.Scale && Adjacent(text, end, tokens[i + 1].Start)
                && TryScale(canonical, tokens[i + 1].Value, out var product))
            {
                i++;
                values.Add(product);
                end = tokens[i].End;
            }

            mentions.Add(new NumberMention(text[start..end], values));
        }

        return mentions;
    }

    /// <summary>"0042" → "42", "3.50" → "3.5", "1,000" → "1000", "1.2.3" unchanged.</summary>
    internal static string Canonical(string digits)
    {
        var plain = digits.Replace(",", string.Empty, StringComparison.Ordinal);
        var dot = plain.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && plain.IndexOf('.', dot + 1) >= 0)
        {
            return plain;
        }

        var whole = (dot < 0 ? plain : plain[..dot]).TrimStart('0');
        var fraction = dot < 0 ? string.Empty : plain[(dot + 1)..].TrimEnd('0');
        if (whole.Length == 0)
        {
            whole = "0";
        }

        return fraction.Length == 0 ? whole : whole + "." + fraction;
    }

    private static bool TryScale(string canonical, decimal scale, out string product)
    {
        product = string.Empty;
        if (!decimal.TryParse(canonical, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        try
        {
            product = Canonical((value * scale).ToString(CultureInfo.InvariantCulture));
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Only spaces or one hyphen between the two tokens.</summary>
    private static bool Adjacent(string text, int end, int nextStart)
    {
        var hyphens = 0;
        for (var i = end; i < nextStart; i++)
        {
            if (text[i] is '-' or '‐')
            {
                hyphens++;
            }
            else if (text[i] != ' ')
            {
                return false;
            }
        }

        return hyphens <= 1;
    }

    private static List<NumberToken> Tokenize(string text)
    {
        var tokens = new List<NumberToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                i = ScanDigits(text, i);
                var canonical = Canonical(text[start..i]);
                string? alternative = null;
                if (IsTime(text, start, i))
                {
                    // "8:00" is one mention, and on the hour it also means "8" ("8 am").
                    var minutes = text.Substring(i + 1, 2);
                    alternative = minutes == "00" ? canonical : null;
                    canonical = canonical + ":" + minutes;
                    i += 3;
                }

                var end = i;

                // Ordinal suffix: 1st, 2nd, 3rd, 4th.
                if (i + 1 < text.Length && IsOrdinalSuffix(text[i], text[i + 1]) && (i + 2 == text.Length || !char.IsLetter(text[i + 2])))
                {
                    i += 2;
                }

                decimal.TryParse(canonical, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value);
                tokens.Add(new NumberToken(TokenKind.Digits, start, end, value, canonical, alternative));
                continue;
            }

            if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && char.IsLetter(text[i]))
                {
                    i++;
                }

                var word = text[start..i].ToLowerInvariant();
                if (Units.TryGetValue(word, out var unit))
                {
                    tokens.Add(new NumberToken(TokenKind.Unit, start, i, unit, Canonical(unit.ToString(CultureInfo.InvariantCulture))));
                }
                else if (Tens.TryGetValue(word, out var tens))
                {
                    tokens.Add(new NumberToken(TokenKind.Tens, start, i, tens, Canonical(tens.ToString(CultureInfo.InvariantCulture))));
                }
                else if (Scales.TryGetValue(word, out var scale))
                {
                    tokens.Add(new NumberToken(TokenKind.Scale, start, i, scale, Canonical(scale.ToString(CultureInfo.InvariantCulture))));
                }
                else
                {
                    tokens.Add(new NumberToken(TokenKind.Other, start, i, 0, string.Empty));
                }

                continue;
            }

            i++;
        }

        return tokens;
    }

    /// <summary>Digits with "," before each group of exactly three and "." between digit runs.</summary>
    private static int ScanDigits(string text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        while (i + 1 < text.Length)
        {
            if (text[i] == ',' && i + 3 < text.Length && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2])
                && char.IsAsciiDigit(text[i + 3]) && (i + 4 == text.Length || !char.IsAsciiDigit(text[i + 4])))
            {
                i += 4;
            }
            else if (text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
            {
                i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>One or two digits, ':', two digits, and no more digits or ':' after: a clock time.</summary>
    private static bool IsTime(string text, int start, int end) =>
        end - start is 1 or 2 && end + 2 < text.Length && text[end] == ':' && char.IsAsciiDigit(text[end + 1])
        && char.IsAsciiDigit(text[end + 2]) && (end + 3 == text.Length || !(char.IsAsciiDigit(text[end + 3]) || text[end + 3] == ':'));

    private static bool IsOrdinalSuffix(char a, char b)
    {
        var pair = string.Concat(char.ToLowerInvariant(a), char.ToLowerInvariant(b));
        return pair is "st" or "nd" or "rd" or "th";
    }

    private static IEnumerable<(string Word, int Start)> Words(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            yield return (text[start..i].ToLowerInvariant(), start);
        }
    }

    private enum TokenKind
    {
        Digits,
        Unit,
        Tens,
        Scale,
        Other,
    }

    private readonly record struct NumberToken(TokenKind Kind, int Start, int End, decimal Value, string Canonical, string? Alternative = null);
}
