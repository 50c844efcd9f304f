using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Docent.Server.Security;

/// <summary>
/// The server's API keys: the admin key from configuration and the keys the admin created, kept in the data folder's
/// <c>keys.json</c> as SHA-256 hashes of their secrets (written atomically; the secrets are shown once, never stored).
/// Secrets are compared by hash in constant time. Thread-safe.
/// </summary>
public sealed partial class ApiKeyStore
{
    /// <summary>The file, in the data folder, that holds the keys.</summary>
    public const string FileName = "keys.json";

    /// <summary>The caller name of the admin key.</summary>
    public const string AdminName = "admin";

    private const int Version = 1;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string _path;
    private readonly byte[]? _adminHash;
    private readonly Lock _lock = new();
    private List<ApiKey> _keys;

    /// <summary>Keys of <paramref name="dataDirectory"/>; <paramref name="adminKey"/> (null: none) may manage them.</summary>
    public ApiKeyStore(string dataDirectory, string? adminKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        _path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _adminHash = string.IsNullOrEmpty(adminKey) ? null : Hash(adminKey);
        _keys = Load(_path);
        IsOpen = _adminHash is null && _keys.Count == 0;
    }

    /// <summary>
    /// True when there is neither an admin key nor a stored key: the server then asks for no key (and listens on loopback
    /// only). Fixed at start: without an admin key no key can be created.
    /// </summary>
    public bool IsOpen { get; }

    /// <summary>Whether <paramref name="name"/> is a valid key name: 1–64 lower-case letters, digits, '-' or '_', and not "admin".</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name) && name != AdminName;

    /// <summary>The caller a presented secret belongs to; null when it matches no key.</summary>
    public ApiCaller? Authenticate(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = Hash(secret);
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(hash, _adminHash))
        {
            return new ApiCaller(AdminName, true, new HashSet<ApiScope> { ApiScope.Read, ApiScope.Write, ApiScope.Admin }, null)
            {
                Access = Docent.Access.AccessScope.Everything,
            };
        }

        ApiCaller? found = null;
        foreach (var key in Snapshot())
        {
            // Every stored hash is compared (no early exit), each in constant time.
            if (CryptographicOperations.FixedTimeEquals(hash, Base64Url.DecodeFromChars(key.Hash)) && found is null)
            {
                found = key.ToCaller();
            }
        }

        return found;
    }

    /// <summary>The stored keys, by name (hashes included, secrets never).</summary>
    public IReadOnlyList<ApiKey> List() => Snapshot().OrderBy(k => k.Name, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Creates a key and returns its secret (the only time it is seen): it reads the documents of
    /// <paramref name="principals"/> (and those without an access list), and with <paramref name="delegates"/> it is a
    /// trusted proxy's whose requests name the user's principals instead. Throws <see cref="ArgumentException"/> for a bad
    /// name, scope, collection or principal, <see cref="InvalidOperationException"/> when the name is taken.
    /// </summary>
    public string Create(string name, IReadOnlyList<string> collections, IReadOnlyList<string> scopes, IReadOnlyList<string>? principals = null, bool delegates = false)
    {
        ArgumentNullException.ThrowIfNull(collections);
        ArgumentNullException.ThrowIfNull(scopes);
        if (!IsValidName(name ?? ""))
        {
            throw new ArgumentException($"\"{name}\" is not a key name: use 1–64 lower-case letters, digits, '-' or '_' (not \"admin\").");
        }

        if (scopes.Count == 0 || scopes.Any(s => s is not ("read" or "write")))
        {
            throw new ArgumentException("scopes must list \"read\", \"write\" or both.");
        }

        if (collections.Count == 0 || collections.Any(c => c != ApiKey.AllCollections && !Collections.CollectionRegistry.IsValidName(c)))
        {
            throw new ArgumentException("collections must be \"*\" or a list of collection names.");
        }

        var secret = "docent_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var access = Docent.Access.DocumentAccess.Normalize(principals ?? []);
        var key = new ApiKey(name!, Base64Url.EncodeToString(Hash(secret)), collections.Distinct().ToList(), scopes.Distinct().ToList(), DateTimeOffset.UtcNow,
            access.Count > 0 ? access : null, delegates);
        lock (_lock)
        {
            if (_keys.Any(k => k.Name == name))
            {
                throw new InvalidOperationException($"A key named \"{name}\" exists already; delete it first.");
            }

            var next = new List<ApiKey>(_keys) { key };
            Save(next);
            _keys = next;
        }

        return secret;
    }

    /// <summary>Deletes a key; false when there was none of that name.</summary>
    public bool Delete(string name)
    {
        lock (_lock)
        {
            var next = _keys.Where(k => k.Name != name).ToList();
            if (next.Count == _keys.Count)
            {
                return false;
            }

            Save(next);
            _keys = next;
            return true;
        }
    }

    private List<ApiKey> Snapshot()
    {
        lock (_lock)
        {
            return _keys;
        }
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static List<ApiKey> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        KeysFile? file;
        try
        {
            file = JsonSerializer.Deserialize<KeysFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a keys file: {ex.Message}", ex);
        }

        if (file?.Keys is null)
        {
            throw new InvalidDataException($"{path} holds no keys list.");
        }

        if (file.Version != Version)
        {
            throw new InvalidDataException($"{path} has version {file.Version}; this Docent reads version {Version}.");
        }

        if (file.Keys.FirstOrDefault(k => k.Scopes.Any(s => s is not ("read" or "write")) || k.Collections.Count == 0) is { } bad)
        {
            throw new InvalidDataException($"{path}: the key \"{bad.Name}\" has scopes other than \"read\" and \"write\", or no collections.");
        }

        return [.. file.Keys];
    }

    /// <summary>Writes the keys to a temporary file (owner-only where the OS allows), then renames it over keys.json.</summary>
    private void Save(List<ApiKey> keys)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new KeysFile(Version, keys), Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();

    private sealed record KeysFile(int Version, IReadOnlyList<ApiKey> Keys);
}
