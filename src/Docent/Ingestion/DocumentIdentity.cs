using System.Security.Cryptography;
using System.Text;

namespace Docent.Ingestion;

/// <summary>Derives stable document ids from source paths. Static; thread-safe.</summary>
public static class DocumentIdentity
{
    /// <summary>The first 16 hex digits of SHA-256 of the full path: stable across runs and machines that share paths.</summary>
    public static string FromSource(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(source), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>SHA-256 of a file's bytes, hex, read in a streaming pass.</summary>
    public static async Task<string> HashContentAsync(Stream content, CancellationToken cancellationToken = default)
    {
        var hash = await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
