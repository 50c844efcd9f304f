using System.ComponentModel;
using System.Globalization;
using System.Text;
using Docent.Chunking;
using Docent.Server.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Docent.Server.Mcp;

/// <summary>
/// The documents of a Docent server as MCP resources: <c>docent://{collection}/documents/{id}</c>, listed (resources/list,
/// every collection the caller's key may read, only the documents its access scope may read) and read (resources/read: the
/// document's text as it was stored at ingest). A document the caller may not read is neither listed nor read — reading it
/// is answered as for a document that does not exist. Created per call; stateless.
/// </summary>
[McpServerResourceType]
public sealed class DocentResources(CollectionRegistry registry, IHttpContextAccessor http)
{
    /// <summary>The URI template of a document.</summary>
    public const string UriTemplate = "docent://{collection}/documents/{id}";

    /// <summary>How many documents one page of resources/list holds; the next page is asked for with the cursor it returns.</summary>
    internal const int PageSize = 500;

    /// <summary>The URI of document <paramref name="id"/> of <paramref name="collection"/>.</summary>
    public static string UriOf(string collection, string id) =>
        $"docent://{Uri.EscapeDataString(collection)}/documents/{Uri.EscapeDataString(id)}";

    /// <summary>A document's text.</summary>
    [McpServerResource(UriTemplate = UriTemplate, Name = "document", Title = "A document's text", MimeType = "text/plain")]
    [Description("The text of a document of a Docent collection as Docent stored it at ingest (extracted from its format; personal data redacted where the collection redacts it).")]
    public async Task<TextResourceContents> ReadDocumentAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        var caller = new McpCaller(registry, http.HttpContext);
        var name = McpCaller.NameOf(collection);
        var folder = await caller.OpenAsync(name, cancellationToken).ConfigureAwait(false);
        if (folder.RemoteCollection is not null)
        {
            throw new McpException($"Collection \"{name}\" is held on a cluster, which does not give out a document's text; use the search tool.");
        }

        var chunks = await folder.GetDocumentChunksAsync(id, caller.Access, cancellationToken).ConfigureAwait(false)
                     ?? throw new McpProtocolException($"No document \"{id}\" in collection \"{name}\".", McpErrorCode.ResourceNotFound);
        return new TextResourceContents { Uri = UriOf(name, id), MimeType = "text/plain", Text = TextOf(chunks) };
    }

    /// <summary>The handler of resources/list: the documents of every collection the caller may read, a page at a time.</summary>
    internal static async ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken)
    {
        var services = context.Services ?? throw new InvalidOperationException("The MCP request has no services.");
        var registry = services.GetRequiredService<CollectionRegistry>();
        var caller = new McpCaller(registry, services.GetRequiredService<IHttpContextAccessor>().HttpContext);
        var skip = 0;
        if (context.Params?.Cursor is { } cursor && !(int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out skip) && skip >= 0))
        {
            throw new McpProtocolException($"The cursor \"{cursor}\" is not one this server gave out.", McpErrorCode.InvalidParams);
        }

        var resources = new List<Resource>();
        var seen = 0;
        foreach (var name in registry.List().Where(caller.MayRead))
        {
            if (await registry.GetAsync(name, cancellationToken).ConfigureAwait(false) is not { } folder)
            {
                continue;
            }

            foreach (var document in await folder.ListDocumentsAsync(caller.Access, cancellationToken).ConfigureAwait(false))
            {
                if (seen++ < skip)
                {
                    continue;
                }

                if (resources.Count == PageSize)
                {
                    return new ListResourcesResult { Resources = resources, NextCursor = (skip + PageSize).ToString(CultureInfo.InvariantCulture) };
                }

                resources.Add(new Resource
                {
                    Uri = UriOf(name, document.Id),
                    Name = Path.GetFileName(document.ShownSource),
                    Title = document.Title,
                    Description = $"\"{document.Title}\" ({document.ShownSource}) in collection {name}",
                    MimeType = "text/plain",
                });
            }
        }

        return new ListResourcesResult { Resources = resources };
    }

    /// <summary>
    /// A document's text from its passages in order: each passage lies at its span of the stored text, so overlapping ends
    /// are written once and the gaps between passages (whitespace the chunker dropped) become a blank line.
    /// </summary>
    internal static string TextOf(IReadOnlyList<Chunk> chunks)
    {
        var text = new StringBuilder();
        long end = 0;
        foreach (var chunk in chunks.OrderBy(c => c.Span.Start))
        {
            var start = chunk.Span.Start;
            if (start >= end)
            {
                if (text.Length > 0)
                {
                    text.Append(start > end ? "\n\n" : "");
                }

                text.Append(chunk.Text);
            }
            else if (end - start < chunk.Text.Length)
            {
                text.Append(chunk.Text, (int)(end - start), chunk.Text.Length - (int)(end - start));
            }

            end = Math.Max(end, start + chunk.Text.Length);
        }

        return text.ToString();
    }
}
