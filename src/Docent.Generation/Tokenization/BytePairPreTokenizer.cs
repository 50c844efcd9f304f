using System.Globalization;
using System.Text.RegularExpressions;

namespace Docent.Generation.Tokenization;

/// <summary>
/// Splits text into words before byte-level BPE, as llama.cpp's <c>unicode_regex_split</c> does for the
/// pre-tokenizer named by GGUF's <c>tokenizer.ggml.pre</c>: each regex in turn splits every piece the previous one
/// produced, and text between matches is kept as pieces of its own. .NET classes characters by UTF-16 unit, so a
/// supplementary-plane code point (emoji, rare CJK) is matched as one stand-in character of the same class
/// (letter, number, punctuation or other). Immutable; thread-safe.
/// </summary>
internal sealed partial class BytePairPreTokenizer
{
    private readonly Regex[] _regexes;

    private BytePairPreTokenizer(string name, params Regex[] regexes)
    {
        Name = name;
        _regexes = regexes;
    }

    /// <summary>The pre-tokenizer's name (the GGUF <c>tokenizer.ggml.pre</c> family).</summary>
    public string Name { get; }

    /// <summary>Whether a whole word that is itself a token skips the merges (llama.cpp's <c>ignore_merges</c>, Llama 3).</summary>
    public bool IgnoreMerges { get; private init; }

    /// <summary>Whether prompts start with BOS unless the GGUF says otherwise.</summary>
    public bool AddBosByDefault { get; private init; }

    /// <summary>
    /// The pre-tokenizer for a <c>tokenizer.ggml.pre</c> value (llama.cpp's names that share the gpt-2, llama-bpe or
    /// qwen2 regexes), or null when it is not supported.
    /// </summary>
    public static BytePairPreTokenizer? ForName(string? pre) => pre switch
    {
        null or "default" => new("default", Punctuation(), Gpt2(), Digits(), ThreeAsciiDigits()),
        "gpt-2" or "phi-2" or "jina-es" or "jina-de" or "gigachat" or "jina-v2-es" or "jina-v2-de" or "a.x-4.0" or "mellum" or "exaone4" => new("gpt-2", Gpt2()),
        "llama3" or "llama-v3" or "llama-bpe" or "falcon3" or "falcon-h1" or "pixtral" or "midm-2.0" or "lfm2" => new("llama-bpe", Llama3()) { IgnoreMerges = true, AddBosByDefault = true },
        "qwen2" or "deepseek-r1-qwen" or "kormo" or "megrez" => new("qwen2", Qwen2()),
        _ => null,
    };

    /// <summary>The words of <paramref name="text"/>, in order; concatenated they give the text back.</summary>
    public List<string> Split(string text)
    {
        // One char per code point, so the regexes see supplementary code points as single characters.
        var (subject, starts) = Compact(text);
        var pieces = new List<(int Start, int Length)> { (0, subject.Length) };
        foreach (var regex in _regexes)
        {
            var split = new List<(int Start, int Length)>(pieces.Count * 2);
            foreach (var (start, length) in pieces)
            {
                var at = 0;
                foreach (var match in regex.EnumerateMatches(subject.AsSpan(start, length)))
                {
                    if (match.Length == 0)
                    {
                        continue;
                    }

                    if (match.Index > at)
                    {
                        split.Add((start + at, match.Index - at));
                    }

                    split.Add((start + match.Index, match.Length));
                    at = match.Index + match.Length;
                }

                if (at < length)
                {
                    split.Add((start + at, length - at));
                }
            }

            pieces = split;
        }

        var words = new List<string>(pieces.Count);
        foreach (var (start, length) in pieces)
        {
            words.Add(starts is null ? text.Substring(start, length) : text[starts[start]..starts[start + length]]);
        }

        return words;
    }

    private static (string Subject, int[]? Starts) Compact(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return (text, null);
        }

        var chars = new List<char>(text.Length);
        var starts = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            starts.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                chars.Add(StandIn(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]))));
                i++;
            }
            else
            {
                chars.Add(text[i]);
            }
        }

        starts.Add(text.Length);
        return (new string([.. chars]), [.. starts]);
    }

    // A BMP character of the same class as far as the regexes can tell (\p{L}, \p{N}, \p{P}, anything else).
    private static char StandIn(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => '\u4E00',
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => '\u0660',
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => '\u00A1',
        _ => '\uE000',
    };

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)", RegexOptions.CultureInvariant)]
    private static partial Regex Gpt2();

    [GeneratedRegex(@"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Llama3();

    [GeneratedRegex(@"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Qwen2();

    [GeneratedRegex(@"[\p{P}\$\+<=>\^~\|]+", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();

    [GeneratedRegex(@"\p{N}+", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"[0-9][0-9][0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex ThreeAsciiDigits();
}
