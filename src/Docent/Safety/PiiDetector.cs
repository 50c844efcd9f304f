using System.Collections;
using System.Text.RegularExpressions;

namespace Docent.Safety;

/// <summary>
/// Finds e-mail addresses, phone numbers, IBANs, card numbers and national ids (US SSN, UK NINO, Dutch BSN, Spanish
/// DNI) in a text, validating every format that has a checksum so that precision stays high. Stateless and
/// thread-safe. Every pattern is source-generated with a match timeout of <see cref="MatchTimeoutMilliseconds"/>; a
/// pattern that times out reports nothing for the rest of the text (the timeout never escapes). A call takes at most
/// <see cref="MaxTextLength"/> characters: callers pass chunks or pages, not whole corpora.
/// </summary>
public sealed partial class PiiDetector
{
    /// <summary>The longest text one call accepts (1 Mi characters); longer texts are refused with an exception.</summary>
    public const int MaxTextLength = 1 << 20;

    public const int MatchTimeoutMilliseconds = 500;

    /// <summary>The kinds this detector finds (every kind but <see cref="PiiKind.Name"/>, which needs a model).</summary>
    public static System.Collections.Immutable.ImmutableArray<PiiKind> PatternKinds { get; } =
        [PiiKind.Email, PiiKind.Phone, PiiKind.Iban, PiiKind.CardNumber, PiiKind.NationalId];

    /// <summary>How far before a 9-digit number a cue word ("BSN", "burgerservicenummer", …) must start.</summary>
    public const int BsnCueWindow = 48;

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private static readonly string[] BsnCues = ["bsn", "burgerservicenummer", "sofinummer", "citizen service number"];
    private static readonly HashSet<string> ExcludedNinoPrefixes = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"];
    private const string DniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

    /// <summary>IBAN lengths (ISO 13616 registry) for the common countries; other country codes are not reported.</summary>
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24,
        ["AE"] = 23,
        ["AT"] = 20,
        ["BE"] = 16,
        ["BG"] = 22,
        ["CH"] = 21,
        ["CY"] = 28,
        ["CZ"] = 24,
        ["DE"] = 22,
        ["DK"] = 18,
        ["EE"] = 20,
        ["ES"] = 24,
        ["FI"] = 18,
        ["FR"] = 27,
        ["GB"] = 22,
        ["GI"] = 23,
        ["GR"] = 27,
        ["HR"] = 21,
        ["HU"] = 28,
        ["IE"] = 22,
        ["IL"] = 23,
        ["IS"] = 26,
        ["IT"] = 27,
        ["LI"] = 21,
        ["LT"] = 20,
        ["LU"] = 20,
        ["LV"] = 21,
        ["MC"] = 27,
        ["MT"] = 31,
        ["NL"] = 18,
        ["NO"] = 15,
        ["PL"] = 28,
        ["PT"] = 25,
        ["RO"] = 24,
        ["SA"] = 24,
        ["SE"] = 24,
        ["SI"] = 19,
        ["SK"] = 24,
        ["SM"] = 27,
        ["TR"] = 26,
    };

    public IReadOnlyList<PiiMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            throw new ArgumentException($"A text of {text.Length} characters is longer than the {MaxTextLength} one call accepts; split it first.", nameof(text));
        }

        var candidates = new List<PiiMatch>();
        if (text.Contains('@'))
        {
            Scan(EmailPattern(), text, candidates, AcceptEmail);
        }
        if (text.Contains('+'))
        {
            Scan(InternationalPhonePattern(), text, candidates, AcceptInternationalPhone);
        }
        Scan(UsPhonePattern(), text, candidates, AcceptUsPhone);
        Scan(NationalPhonePattern(), text, candidates, AcceptNationalPhone);
        Scan(IbanPattern(), text, candidates, AcceptIban);
        Scan(CardPattern(), text, candidates, AcceptCard);
        Scan(SsnPattern(), text, candidates, AcceptSsn);
        Scan(NinoPattern(), text, candidates, AcceptNino);
        Scan(BsnPattern(), text, candidates, AcceptBsn);
        Scan(DniPattern(), text, candidates, AcceptDni);
        return ResolveOverlaps(candidates, text.Length);
    }

    private static void Scan(Regex pattern, string text, List<PiiMatch> found, Func<Match, string, PiiMatch?> accept)
    {
        try
        {
            for (var match = pattern.Match(text); match.Success; match = match.NextMatch())
            {
                if (accept(match, text) is { } pii)
                {
                    found.Add(pii);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // The rest of the text reports no match for this pattern: a bounded scan matters more than one more hit.
        }
    }

    /// <summary>Checksum-validated kinds win over structural ones, structural ones over phones; then the longer span.</summary>
    private static List<PiiMatch> ResolveOverlaps(List<PiiMatch> candidates, int textLength)
    {
        if (candidates.Count <= 1)
        {
            return candidates;
        }
        var taken = new BitArray(textLength);
        var accepted = new List<PiiMatch>();
        foreach (var candidate in candidates.OrderByDescending(Strength).ThenByDescending(c => c.Length).ThenBy(c => c.Start))
        {
            var free = true;
            for (var i = candidate.Start; i < candidate.End && free; i++)
            {
                free = !taken[i];
            }
            if (!free)
            {
                continue;
            }
            for (var i = candidate.Start; i < candidate.End; i++)
            {
                taken[i] = true;
            }
            accepted.Add(candidate);
        }
        accepted.Sort((a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    private static int Strength(PiiMatch match) => match.Kind switch
    {
        PiiKind.Iban or PiiKind.CardNumber => 3,
        PiiKind.NationalId when match.Scheme is "NL BSN" or "ES DNI" => 3,
        PiiKind.NationalId or PiiKind.Email => 2,
        _ => 1,
    };

    private static PiiMatch Make(PiiKind kind, string text, int start, int length, string? scheme = null) =>
        new(kind, start, length, text.Substring(start, length), scheme);

    // ---- e-mail ----

    [GeneratedRegex(@"(?<![\w.%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w\-]|\.[A-Za-z0-9])", Options, MatchTimeoutMilliseconds)]
    private static partial Regex EmailPattern();

    private static PiiMatch? AcceptEmail(Match match, string text)
    {
        // "scheme://user:password@host" is a URL's userinfo, not an address.
        var tokenStart = match.Index;
        while (tokenStart > 0 && !char.IsWhiteSpace(text[tokenStart - 1]))
        {
            tokenStart--;
        }
        if (text.AsSpan(tokenStart, match.Index - tokenStart).Contains("://", StringComparison.Ordinal))
        {
            return null;
        }
        return Make(PiiKind.Email, text, match.Index, match.Length);
    }

    // ---- phones ----

    // +CC then groups that each start with a separator, or +CC and the number written without separators.
    [GeneratedRegex(@"(?<![\w+\-./])\+(?:[1-9]\d{0,2}(?:[ .\-]?\(0\) ?\d{1,8}|[ .\-]\(?\d{1,8}\)?)(?:[ .\-]\(?\d{1,8}\)?){0,6}|[1-9]\d{7,14})(?![\w]|[.,\-/:]\d)", Options, MatchTimeoutMilliseconds)]
    private static partial Regex InternationalPhonePattern();

    // North American numbering: (NXX) XXX-XXXX or NXX-XXX-XXXX with one separator throughout.
    [GeneratedRegex(@"(?<![\w\-./(+])(?:\([2-9]\d{2}\) ?|[2-9]\d{2}(?<sep>[\-. ]))\d{3}(?<sep2>[\-. ])\d{4}(?![\w]|[.,\-/:]\d)", Options, MatchTimeoutMilliseconds)]
    private static partial Regex UsPhonePattern();

    // European national numbers: a trunk 0, an area code, then groups with separators (020 7946 0958, 030 12345678, 01 23 45 67 89).
    [GeneratedRegex(@"(?<![\w\-./+,:])0\d{1,4}[ \-/]\d{2,8}(?:[ \-]\d{2,8}){0,4}(?![\w]|[.,\-/:]\d)", Options, MatchTimeoutMilliseconds)]
    private static partial Regex NationalPhonePattern();

    private static PiiMatch? AcceptInternationalPhone(Match match, string text)
    {
        var value = match.ValueSpan;
        var digits = CountDigits(value);
        if (digits is < 8 or > 15 || value.Count('(') != value.Count(')'))
        {
            return null;
        }
        return Make(PiiKind.Phone, text, match.Index, match.Length);
    }

    private static PiiMatch? AcceptUsPhone(Match match, string text)
    {
        var first = match.Groups["sep"];
        if (first.Success && first.Value != match.Groups["sep2"].Value)
        {
            return null;
        }
        return Make(PiiKind.Phone, text, match.Index, match.Length);
    }

    private static PiiMatch? AcceptNationalPhone(Match match, string text)
    {
        var groups = DigitGroups(text, match.Index, match.Length);
        // After the area code every separator is the same ("030/123 456" yes, "05-12-2026 10" no).
        for (var i = 2; i < groups.Count; i++)
        {
            if (text[groups[i].Start - 1] != text[groups[1].Start - 1] || groups[i].Start - groups[i - 1].End != 1)
            {
                groups.RemoveRange(i, groups.Count - i);
                break;
            }
        }
        if (groups.Count >= 3 && LooksLikeDate(groups))
        {
            return null;
        }
        // Longest prefix of groups with the 10–11 digits of a national number; trailing groups are other numbers.
        for (var count = groups.Count; count >= 2; count--)
        {
            var digits = 0;
            for (var i = 0; i < count; i++)
            {
                digits += groups[i].Length;
            }
            if (digits is 10 or 11)
            {
                return Make(PiiKind.Phone, text, match.Index, groups[count - 1].End - match.Index);
            }
        }
        return null;
    }

    private static bool LooksLikeDate(List<(int Start, int Length, int End)> groups) =>
        (groups[0].Length <= 2 && groups[1].Length <= 2 && groups[2].Length == 4)
        || (groups[0].Length == 4 && groups[1].Length <= 2 && groups[2].Length <= 2);

    private static List<(int Start, int Length, int End)> DigitGroups(string text, int start, int length)
    {
        var groups = new List<(int Start, int Length, int End)>();
        var end = start + length;
        for (var i = start; i < end;)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }
            var groupStart = i;
            while (i < end && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            groups.Add((groupStart, i - groupStart, i));
        }
        return groups;
    }

    private static int CountDigits(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }
        return count;
    }

    // ---- IBAN ----

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])", Options, MatchTimeoutMilliseconds)]
    private static partial Regex IbanPattern();

    private static PiiMatch? AcceptIban(Match match, string text)
    {
        if (!IbanLengths.TryGetValue(match.Value[..2], out var expected))
        {
            return null;
        }
        // Keep exactly the country's length of characters; what follows must be a separate word.
        var compact = new System.Text.StringBuilder(expected);
        var end = match.Index;
        for (; end < match.Index + match.Length && compact.Length < expected; end++)
        {
            if (text[end] != ' ')
            {
                compact.Append(text[end]);
            }
        }
        if (compact.Length != expected || (end < match.Index + match.Length && text[end] != ' '))
        {
            return null;
        }
        return IsValidIban(compact.ToString()) ? Make(PiiKind.Iban, text, match.Index, end - match.Index) : null;
    }

    /// <summary>ISO 13616: the first four characters moved to the end, letters as 10–35, the number mod 97 is 1.</summary>
    internal static bool IsValidIban(string compact)
    {
        var remainder = 0;
        for (var i = 0; i < compact.Length; i++)
        {
            var c = compact[(i + 4) % compact.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }
        return remainder == 1;
    }

    // ---- card numbers ----

    [GeneratedRegex(@"(?<![\w\-.,+/])\d(?:[ \-]?\d){12,18}(?![\w]|[.,\-/]\d)", Options, MatchTimeoutMilliseconds)]
    private static partial Regex CardPattern();

    private static PiiMatch? AcceptCard(Match match, string text)
    {
        var groups = DigitGroups(text, match.Index, match.Length);
        if (!IsCardGrouping(groups, text))
        {
            return null;
        }
        var digits = new string([.. match.Value.Where(char.IsAsciiDigit)]);
        return HasIssuerPrefix(digits) && PassesLuhn(digits) ? Make(PiiKind.CardNumber, text, match.Index, match.Length) : null;
    }

    /// <summary>Written whole, or in groups of four (the last shorter), or Amex 4-6-5 / Diners 4-6-4, with one separator.</summary>
    private static bool IsCardGrouping(List<(int Start, int Length, int End)> groups, string text)
    {
        if (groups.Count == 1)
        {
            return true;
        }
        var separator = text[groups[1].Start - 1];
        for (var i = 1; i < groups.Count; i++)
        {
            if (text[groups[i].Start - 1] != separator)
            {
                return false;
            }
        }
        if (groups.Count == 3 && groups[0].Length == 4 && groups[1].Length == 6 && groups[2].Length is 4 or 5)
        {
            return true;
        }
        for (var i = 0; i < groups.Count - 1; i++)
        {
            if (groups[i].Length != 4)
            {
                return false;
            }
        }
        return groups[^1].Length is >= 1 and <= 4;
    }

    /// <summary>Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay and Maestro prefixes.</summary>
    internal static bool HasIssuerPrefix(string digits)
    {
        int Prefix(int length) => int.Parse(digits.AsSpan(0, length), System.Globalization.CultureInfo.InvariantCulture);
        return digits[0] == '4'
            || Prefix(2) is >= 51 and <= 55 or 34 or 37 or 36 or 38 or 65 or 62 or 50 or >= 56 and <= 58 or 67
            || Prefix(4) is >= 2221 and <= 2720 or 6011 or >= 3528 and <= 3589
            || Prefix(3) is >= 644 and <= 649 or >= 300 and <= 305;
    }

    internal static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    // ---- national ids ----

    // US SSN, dashed form only: a bare 9-digit number is too often something else.
    [GeneratedRegex(@"(?<![\w\-])(?<area>\d{3})-(?<group>\d{2})-(?<serial>\d{4})(?![\w]|-\d)", Options, MatchTimeoutMilliseconds)]
    private static partial Regex SsnPattern();

    private static PiiMatch? AcceptSsn(Match match, string text)
    {
        var area = int.Parse(match.Groups["area"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        if (area is 0 or 666 or >= 900 || match.Groups["group"].Value == "00" || match.Groups["serial"].Value == "0000")
        {
            return null;
        }
        return Make(PiiKind.NationalId, text, match.Index, match.Length, "US SSN");
    }

    // UK National Insurance number: HMRC's allowed prefix letters, six digits, suffix A–D, spaced consistently or not at all.
    [GeneratedRegex(@"(?<!\w)(?<prefix>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])(?<sp> ?)\d{2}\k<sp>\d{2}\k<sp>\d{2}\k<sp>[A-D](?!\w)", Options, MatchTimeoutMilliseconds)]
    private static partial Regex NinoPattern();

    private static PiiMatch? AcceptNino(Match match, string text) =>
        ExcludedNinoPrefixes.Contains(match.Groups["prefix"].Value) ? null : Make(PiiKind.NationalId, text, match.Index, match.Length, "UK NINO");

    // Dutch BSN: nine digits passing the 11-test, reported only when a cue word ("BSN", "burgerservicenummer",
    // "sofinummer", "citizen service number") starts within BsnCueWindow characters before it; one in eleven random
    // 9-digit numbers (order numbers, amounts) passes the 11-test, so the number alone is not evidence.
    [GeneratedRegex(@"(?<![\w\-.,])\d{9}(?![\w]|[.,\-]\d)", Options, MatchTimeoutMilliseconds)]
    private static partial Regex BsnPattern();

    private static PiiMatch? AcceptBsn(Match match, string text)
    {
        if (!PassesElevenTest(match.ValueSpan))
        {
            return null;
        }
        var windowStart = Math.Max(0, match.Index - BsnCueWindow);
        var window = text.AsSpan(windowStart, match.Index - windowStart);
        foreach (var cue in BsnCues)
        {
            if (window.Contains(cue, StringComparison.OrdinalIgnoreCase))
            {
                return Make(PiiKind.NationalId, text, match.Index, match.Length, "NL BSN");
            }
        }
        return null;
    }

    internal static bool PassesElevenTest(ReadOnlySpan<char> nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (nineDigits[i] - '0');
        }
        sum -= nineDigits[8] - '0';
        return sum % 11 == 0 && sum != 0;
    }

    // Spanish DNI: eight digits and the control letter of the number mod 23.
    [GeneratedRegex(@"(?<![\w\-])(?<number>\d{8})-?(?<letter>[A-Z])(?!\w)", Options, MatchTimeoutMilliseconds)]
    private static partial Regex DniPattern();

    private static PiiMatch? AcceptDni(Match match, string text)
    {
        var number = int.Parse(match.Groups["number"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        return DniLetters[number % 23] == match.Groups["letter"].Value[0]
            ? Make(PiiKind.NationalId, text, match.Index, match.Length, "ES DNI")
            : null;
    }
}
