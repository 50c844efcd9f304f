namespace Docent.Server.Security;

/// <summary>What an API key may do: read (search, ask, list), write (upload, delete documents, create collections) or administer (delete collections, manage keys). Immutable.</summary>
public enum ApiScope
{
    /// <summary>Search, ask, list collections and documents, chat completions.</summary>
    Read,

    /// <summary>Upload and delete documents, create collections.</summary>
    Write,

    /// <summary>Delete collections and manage keys: the admin key only.</summary>
    Admin,
}
