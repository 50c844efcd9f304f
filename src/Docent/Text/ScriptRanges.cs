namespace Docent.Text;

/// <summary>
/// The Unicode ranges the analyzer, the sentence splitter, the answerer and the scorer test characters against, kept in
/// one place so they agree (BMP only). Thread-safe (stateless).
/// </summary>
internal static class ScriptRanges
{
    /// <summary>Han ideographs: CJK Unified Ideographs, Extension A and the compatibility ideographs.</summary>
    public static bool IsHan(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>Thai letters, vowel and tone marks and signs (U+0E01–U+0E4F); Thai digits stay with the other digits.</summary>
    public static bool IsThaiLetter(char c) => c is >= '\u0E01' and <= '\u0E4F';

    /// <summary>Han, Hiragana, Katakana, Thai, Lao, Myanmar and Khmer: the scripts that put no space between words.</summary>
    public static bool IsWrittenWithoutSpaces(char c) =>
        IsHan(c) || c is (>= '\u3040' and <= '\u30FF') or (>= '\u0E00' and <= '\u0EFF') or (>= '\u1000' and <= '\u109F')
            or (>= '\u1780' and <= '\u17FF');
}
