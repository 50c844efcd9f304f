using System.Text;

namespace Docent.Benchmarks.Ocr;

/// <summary>
/// Character error rate of recognised text against a reference: both normalised the same way (ligatures and typographic
/// quotes and dashes folded, every whitespace run one space), then Levenshtein edits over characters divided by the
/// reference's length. Stateless.
/// </summary>
public static class CharacterErrorRate
{
    /// <summary>The text as it is compared.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c switch
            {
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB00' => "ff",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\u2018' or '\u2019' => "'",
                '\u201C' or '\u201D' => "\"",
                '\u2013' or '\u2014' or '\u2212' => "-",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Edits (insertions, deletions, substitutions) turning <paramref name="reference"/> into <paramref name="recognized"/>.</summary>
    public static int Edits(string reference, string recognized)
    {
        var previous = new int[recognized.Length + 1];
        var current = new int[recognized.Length + 1];
        for (var j = 0; j <= recognized.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= reference.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= recognized.Length; j++)
            {
                var substitution = previous[j - 1] + (reference[i - 1] == recognized[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[recognized.Length];
    }
}
