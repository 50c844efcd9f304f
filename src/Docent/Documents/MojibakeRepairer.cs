using System.Text;
using System.Text.Unicode;

namespace Docent.Documents;

/// <summary>
/// Repairs UTF-8 text that was once mis-decoded as Windows-1252 ("â€™" for "’") or Mac Roman ("‚Äì" for
/// "–"). Each run of non-ASCII characters is re-encoded with the suspect code page; the run is replaced only
/// when the bytes form valid UTF-8 that is shorter than the run (several mis-decoded bytes collapse into one
/// character), so genuine accented text ("café", "Größe") is left alone. Stateless and thread-safe.
/// </summary>
internal static class MojibakeRepairer
{
    private static readonly IReadOnlyDictionary<char, byte>[] CodePages =
    [
        BuildReverseTable(1252),
        BuildReverseTable(10000),
    ];

    /// <summary>Returns <paramref name="text"/> with mojibake runs repaired and how many runs were repaired.</summary>
    public static string Repair(string text, out int repairs)
    {
        repairs = 0;
        StringBuilder? builder = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] <= 0x7F)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && text[i] > 0x7F)
            {
                i++;
            }

            if (i - start < 2 || TryRepairRun(text.AsSpan(start, i - start)) is not { } repaired)
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, start - copied).Append(repaired);
            copied = i;
            repairs++;
        }

        if (builder is null)
        {
            return text;
        }

        builder.Append(text, copied, text.Length - copied);
        return builder.ToString();
    }

    private static string? TryRepairRun(ReadOnlySpan<char> run)
    {
        Span<byte> bytes = run.Length <= 256 ? stackalloc byte[run.Length] : new byte[run.Length];
        foreach (var table in CodePages)
        {
            if (!TryEncode(run, table, bytes) || !Utf8.IsValid(bytes))
            {
                continue;
            }

            var decoded = Encoding.UTF8.GetString(bytes);
            if (decoded.Length < run.Length && !decoded.Any(c => c is >= '\u0080' and <= '\u009F'))
            {
                return decoded;
            }
        }

        return null;
    }

    private static bool TryEncode(ReadOnlySpan<char> run, IReadOnlyDictionary<char, byte> table, Span<byte> bytes)
    {
        for (var i = 0; i < run.Length; i++)
        {
            if (!table.TryGetValue(run[i], out var b))
            {
                return false;
            }

            bytes[i] = b;
        }

        return true;
    }

    // Maps each character of the code page's upper half (0x80–0xFF) back to its byte.
    private static Dictionary<char, byte> BuildReverseTable(int codePage)
    {
        var encoding = CodePagesEncodingProvider.Instance.GetEncoding(codePage)
            ?? throw new InvalidOperationException($"Code page {codePage} is not available.");
        var table = new Dictionary<char, byte>(128);
        for (var b = 0x80; b <= 0xFF; b++)
        {
            var decoded = encoding.GetString([(byte)b]);
            if (decoded.Length == 1)
            {
                table.TryAdd(decoded[0], (byte)b);
            }
        }

        return table;
    }
}
