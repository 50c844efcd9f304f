using System.ComponentModel;
using System.Text.Json.Serialization;
using Docent.Answering;
using Docent.Server.Endpoints;

namespace Docent.Server.Mcp;

/// <summary>What the MCP <c>search</c> tool returns (its structured content and output schema): the passages found for a query.</summary>
public sealed record SearchToolResult(
    [property: Description("The collection searched.")] string Collection,
    [property: Description("The query as given.")] string Query,
    [property: Description("The passages found, best first: source (the document's path within the collection), title, page, headings, text, score.")]
    IReadOnlyList<PassageInfo> Results);

/// <summary>What the MCP <c>ask</c> tool returns (its structured content and output schema): an answer with its citations.</summary>
public sealed record AskToolResult(
    [property: Description("The collection asked.")] string Collection,
    [property: Description("The question as given.")] string Question,
    [property: Description("The answer, with [n] markers that refer to the citations.")] string Answer,
    [property: Description("Whether the documents held the answer; false: the answer says it could not be found.")] bool Found,
    [property: Description("The passages the answer cites: source, title, page, the quoted sentence.")] IReadOnlyList<CitationInfo> Citations,
    [property: Description("Sentences of the answer the cited passages do not support, with why.")] IReadOnlyList<UnsupportedSentence> Unsupported,
    [property: Description("Cautions to pass on with the answer, such as a cited source holding instructions addressed to AI models.")] IReadOnlyList<string> Warnings,
    [property: Description("Whether the answer came from the server's answer cache.")] bool Cached);

/// <summary>What the MCP <c>list_documents</c> tool returns (its structured content and output schema): a collection's documents.</summary>
public sealed record DocumentListToolResult(
    [property: Description("The collection listed.")] string Collection,
    [property: Description("Its documents the caller may read, in source order.")] IReadOnlyList<DocumentEntry> Documents);

/// <summary>One document in <see cref="DocumentListToolResult"/>; Uri is its MCP resource (resources/read gives its text); Path only for the admin.</summary>
public sealed record DocumentEntry(
    [property: Description("The document's id.")] string Id,
    [property: Description("The file name.")] string Name,
    [property: Description("The document's path within the collection.")] string Source,
    [property: Description("The document's title.")] string Title,
    [property: Description("The format it was read as (markdown, pdf, docx, …).")] string Format,
    [property: Description("How many passages it was cut into.")] int ChunkCount,
    [property: Description("Whether it is quarantined (held back from answers).")] bool Quarantined,
    [property: Description("The document as an MCP resource: resources/read with this URI returns its text.")] string Uri,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The file on the server (admin only).")] string? Path = null);
