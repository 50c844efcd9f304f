using System.Diagnostics;
using System.Security.Cryptography;
using Docent.Ingestion;
using Docent.Server.Collections;
using Docent.Server.Observability;
using Docent.Server.Security;
using Docent.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Endpoints;

/// <summary>
/// Documents of a collection: list, upload (multipart, field "files"; stored by content hash under the collection's
/// uploads/ folder — no client-supplied path touches the file system) with ingest, and delete; both logged (<see cref="ServerLog"/>). Static.
/// </summary>
internal static class DocumentEndpoints
{
    /// <summary>Extensions an upload may carry; they only choose the stored file's suffix (content sniffing decides the reader).</summary>
    /// <summary>A file's result as the caller sees it: an error may quote the stored copy's path, shown as the name it uploaded.</summary>
    private static UploadResult ToUploadResult(string name, string stored, DocumentIngestResult result) =>
        new(name, result.DocumentId, result.Status.ToString().ToLowerInvariant(), result.Error?.Replace(stored, name, StringComparison.Ordinal))
        {
            // An archive's or e-mail's files, named inside the upload ("bundle.zip/policies/travel.md").
            Contained = result.Contained is { Count: > 0 } inner
                ? [.. inner.Select(r => ToUploadResult(r.Path.StartsWith(stored, StringComparison.Ordinal) ? name + r.Path[stored.Length..] : r.Path, stored, r))]
                : null,
        };

    private static readonly HashSet<string> AllowedExtensions = new(StringComparer.OrdinalIgnoreCase) { ".pdf", ".docx", ".xlsx", ".pptx", ".epub", ".odt", ".ods", ".odp", ".md", ".markdown", ".html", ".htm", ".txt", ".text", ".rtf", ".eml", ".mbox", ".zip", ".tar", ".tgz", ".gz" };

    public static void Map(IEndpointRouteBuilder app)
    {
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DocumentEndpoints));
        var documents = app.MapGroup("/api/collections/{collection}/documents");
        documents.MapGet("", async (string collection, HttpContext context, CollectionRegistry registry, CancellationToken ct) =>
        {
            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            var list = await folder.ListDocumentsAsync(context.GetAccessScope(), ct);
            var withPath = SourcePaths.Visible(context);
            return Results.Ok(list.Select(d => DocumentInfo.From(d, withPath)).ToList());
        }).WithName("ListDocuments").RequireScope(ApiScope.Read);

        documents.MapPut("/{id}/access", async (string collection, string id, AccessBody body, HttpContext context, CollectionRegistry registry, CancellationToken ct) =>
        {
            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            if (folder.RemoteCollection is not null)
            {
                return Problems.BadRequest($"Collection \"{collection}\" is held on a cluster, which does not keep access lists yet.");
            }

            // A document the caller may not read is, to the caller, not there.
            if (await folder.GetDocumentAsync(id, context.GetAccessScope(), ct) is null)
            {
                return Problems.NotFound($"There is no document \"{id}\" in collection \"{collection}\".");
            }

            try
            {
                var changed = await folder.SetAccessAsync(id, body.Principals ?? [], ct);
                ServerLog.AccessChanged(log, collection, id, changed!.AccessList.Count);
                return Results.Ok(DocumentInfo.From(changed, SourcePaths.Visible(context)));
            }
            catch (ArgumentException ex)
            {
                return Problems.BadRequest(ex.Message);
            }
            catch (DataFolderBusyException)
            {
                ServerLog.Busy(log, collection, "access");
                return Problems.Busy(collection);
            }
        }).WithName("SetDocumentAccess").RequireScope(ApiScope.Write);

        documents.MapPost("", async (string collection, HttpRequest request, CollectionRegistry registry, ServerOptions options, CancellationToken ct) =>
        {
            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            if (!request.HasFormContentType)
            {
                return Problems.BadRequest("Upload files as multipart/form-data in a field named \"files\".");
            }

            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count == 0)
            {
                return Problems.BadRequest("No file in the upload: send one or more in a field named \"files\".");
            }

            if (form.Files.Count > options.MaxUploadFiles)
            {
                return Problems.BadRequest($"{form.Files.Count} files in one upload; at most {options.MaxUploadFiles} are accepted.");
            }

            IReadOnlyList<string>? access = null;
            if (form.TryGetValue("access", out var accessField))
            {
                try
                {
                    access = Docent.Access.DocumentAccess.Normalize(accessField.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
                }
                catch (ArgumentException ex)
                {
                    return Problems.BadRequest($"The access field is not valid: {ex.Message}");
                }

                if (folder.RemoteCollection is not null)
                {
                    return Problems.BadRequest($"Collection \"{collection}\" is held on a cluster, which does not keep access lists yet.");
                }
            }

            var caller = request.HttpContext.GetAccessScope();
            ServerLog.UploadReceived(log, collection, form.Files.Count);
            var stopwatch = Stopwatch.StartNew();
            var uploads = Path.Combine(registry.DirectoryOf(collection), "uploads");
            Directory.CreateDirectory(uploads);
            var results = new List<UploadResult>();
            var gate = registry.GateOf(collection);
            await gate.WaitAsync(ct);
            DataFolderLock? writeLock = null;
            try
            {
                // One writer per data folder, across processes: a CLI ingest into the same folder holds this lock too. A
                // cluster's collection is written by its shards, each under its own folder's lock; this folder is not written.
                if (folder.RemoteCollection is null)
                {
                    writeLock = await folder.AcquireWriteLockAsync(ct);
                }
            }
            catch (DataFolderBusyException)
            {
                ServerLog.Busy(log, collection, "upload");
                gate.Release();
                return Problems.Busy(collection);
            }
            catch
            {
                gate.Release();
                throw;
            }

            try
            {
                var pipeline = folder.CreateIngestionPipeline();
                var pending = new List<(int Position, string Name, string Stored, IngestOptions Options)>();
                foreach (var file in form.Files)
                {
                    var extension = Path.GetExtension(file.FileName);
                    var name = UploadNames.Sanitise(file.FileName, extension.ToLowerInvariant());
                    if (!AllowedExtensions.Contains(extension))
                    {
                        results.Add(new UploadResult(name, null, "failed", $"\"{Path.GetExtension(name)}\" files are not accepted; upload PDF, DOCX, XLSX, PPTX, EPUB, OpenDocument, Markdown, HTML, text, RTF, e-mail (.eml, .mbox) or archives (.zip, .tar, .tar.gz)."));
                        continue;
                    }

                    if (file.Length > options.MaxUploadBytes)
                    {
                        results.Add(new UploadResult(name, null, "failed",
                            $"the file is {file.Length:N0} bytes, over the {options.MaxUploadBytes:N0}-byte limit (raise {ServerOptions.SettingHint("maxUploadBytes")})."));
                        continue;
                    }

                    var stored = await StoreAsync(file, uploads, extension.ToLowerInvariant(), ct);
                    var ingestOptions = new IngestOptions { MaxFileBytes = options.MaxUploadBytes, DisplaySource = name, Access = access };
                    if (await folder.Documents.FindBySourceAsync(stored, ct) is { } same && !caller.CanRead(same.AccessList))
                    {
                        // Uploads are stored by content: the same bytes are a document this caller may not read or change.
                        results.Add(new UploadResult(name, null, "failed", "a document with the same content is stored and this key may not change it."));
                        continue;
                    }

                    if (folder.RemoteCollection is not null)
                    {
                        // A cluster's collection: the files go together (below) to the shards their names route to.
                        pending.Add((results.Count, name, stored, ingestOptions));
                        results.Add(new UploadResult(name, null, "pending", null));
                        continue;
                    }

                    var result = await pipeline.IngestFileAsync(stored, ingestOptions, ct);
                    if (result.Status == IngestStatus.Failed && await folder.Documents.FindBySourceAsync(stored, ct) is null)
                    {
                        // A file that could not be ingested is not kept: nothing refers to it.
                        File.Delete(stored);
                    }

                    results.Add(ToUploadResult(name, stored, result));
                }

                if (folder.RemoteCollection is { } remote && pending.Count > 0)
                {
                    // Each shard keeps its own copy; the upload's copies go once the shards answered.
                    var ingested = await remote.IngestFilesAsync([.. pending.Select(p => (p.Stored, p.Options))], ct);
                    for (int i = 0; i < pending.Count; i++)
                    {
                        File.Delete(pending[i].Stored);
                        results[pending[i].Position] = ToUploadResult(pending[i].Name, pending[i].Stored, ingested[i]);
                    }
                }

                foreach (var result in results)
                {
                    ServerLog.UploadFile(log, collection, result.Name, result.Status);
                }
            }
            finally
            {
                try
                {
                    if (writeLock is not null)
                    {
                        await folder.SaveIndexesAsync(CancellationToken.None);
                    }
                }
                finally
                {
                    writeLock?.Dispose();
                    gate.Release();
                }
            }

            var failed = results.Count(r => r.Status == "failed");
            ServerLog.UploadFinished(log, collection, stopwatch.ElapsedMilliseconds, results.Count - failed, failed);
            return Results.Ok(new UploadResults(results));
        }).WithName("UploadDocuments").DisableAntiforgery().WithMetadata(new UploadSizeLimit(app.ServiceProvider.GetRequiredService<ServerOptions>().UploadBodyLimit)).RequireScope(ApiScope.Write);

        // One passage of a document, for a citation's link (url_citation annotations point the browser page here).
        documents.MapGet("/{id}/passages/{chunkId}", async (string collection, string id, string chunkId, HttpContext context, CollectionRegistry registry, CancellationToken ct) =>
        {
            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            if (folder.RemoteCollection is not null)
            {
                return Problems.BadRequest($"Collection \"{collection}\" is held on a cluster, which does not give out passages by id.");
            }

            var access = context.GetAccessScope();
            var document = await folder.GetDocumentAsync(id, access, ct);
            var chunk = document is null ? null : (await folder.GetDocumentChunksAsync(id, access, ct))?.FirstOrDefault(c => c.Id == chunkId);
            return document is null || chunk is null
                ? Problems.NotFound($"There is no passage \"{chunkId}\" of document \"{id}\" in collection \"{collection}\".")
                : Results.Ok(new PassageView(document.Id, document.ShownSource, document.Title, chunk.Id, chunk.Page, chunk.HeadingPath,
                    folder.RedactOutput(chunk.Text), RegionInfo.From(chunk.Region)));
        }).WithName("GetPassage").RequireScope(ApiScope.Read);

        documents.MapDelete("/{id}", async (string collection, string id, HttpContext context, CollectionRegistry registry, CancellationToken ct) =>
        {
            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            var gate = registry.GateOf(collection);
            await gate.WaitAsync(ct);
            try
            {
                var document = await folder.GetDocumentAsync(id, context.GetAccessScope(), ct);
                if (document is null)
                {
                    ServerLog.DeleteNotFound(log, collection, id);
                    return Problems.NotFound($"There is no document \"{id}\" in collection \"{collection}\".");
                }

                try
                {
                    await folder.RemoveDocumentAsync(id, ct);
                }
                catch (DataFolderBusyException)
                {
                    ServerLog.Busy(log, collection, "delete");
                    return Problems.Busy(collection);
                }

                ServerLog.DocumentDeleted(log, collection, document.Id);

                // An uploaded file goes with its document; a file inside an upload (an archive's entry) has no file of its own.
                if (document.ParentId is null && document.Source.StartsWith(Path.Combine(registry.DirectoryOf(collection), "uploads"), StringComparison.Ordinal))
                {
                    File.Delete(document.Source);
                }

                return Results.NoContent();
            }
            finally
            {
                gate.Release();
            }
        }).WithName("DeleteDocument").RequireScope(ApiScope.Write);
    }

    /// <summary>Writes the upload to uploads/&lt;sha256&gt;&lt;ext&gt; (temporary file, then rename) and returns the path.</summary>
    private static async Task<string> StoreAsync(IFormFile file, string uploads, string extension, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(uploads, Guid.NewGuid().ToString("N") + ".part");
        byte[] hash;
        await using (var target = File.Create(temporary))
        {
            await using var source = file.OpenReadStream();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            hash = sha.GetHashAndReset();
        }

        var path = Path.Combine(uploads, Convert.ToHexStringLower(hash) + extension);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}

/// <summary>Raises the request body limit of the upload endpoint only (Kestrel's default stays for every other request).</summary>
internal sealed class UploadSizeLimit(long bytes) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => bytes;
}

/// <summary>
/// A stored document as the API lists it: Source is its display source (the path relative to the folder it was ingested
/// from, or the upload's original name), FileName that source's last segment; Container, the id of the archive, e-mail or mailbox
/// that holds it (null for a file on its own); Quality, its parse-quality report (null for documents stored before reports were kept);
/// Concerns, why it may have been read badly (empty when it reads well); Pii, what the personal-data step did in words ("PII
/// redacted: 3 e-mail addresses, 1 IBAN"; the counts per kind are in Quality.Pii), null when it was off; Access, the principals
/// who may read it (empty: every caller); Path, its file on the server, only for the admin key.
/// </summary>
public sealed record DocumentInfo(
    string Id, string Source, string FileName, string Title, string Format, long Length, int Chunks, DateTimeOffset IngestedAt, IReadOnlyList<string> Warnings,
    string? Container, DocumentQuality? Quality, IReadOnlyList<string> Concerns, string? Pii, IReadOnlyList<string> Access,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Path = null)
{
    /// <summary>Stored without searchable passages because one may be a prompt injection (safety.quarantineFlagged); the first warning says why.</summary>
    public bool Quarantined { get; init; }

    /// <summary>Maps a stored document; <paramref name="withPath"/> adds its file on the server (the admin key's view).</summary>
    public static DocumentInfo From(DocumentRecord d, bool withPath) => new(
        d.Id, d.ShownSource, System.IO.Path.GetFileName(d.ShownSource), d.Title, d.Format, d.Length, d.ChunkCount, d.IngestedAt, d.Warnings,
        d.ParentId, d.Quality, ParseQualityReview.Concerns(d), ParseQualityReview.PiiSummary(d.Quality), d.AccessList, withPath ? d.Source : null)
    {
        Quarantined = Quarantine.IsQuarantined(d),
    };
}

/// <summary>
/// What happened to one uploaded file (Name: its sanitised original name): added, updated, unchanged or failed (with the reason);
/// for an archive, e-mail or mailbox, Contained says the same for each file inside it.
/// </summary>
public sealed record UploadResult(string Name, string? DocumentId, string Status, string? Error)
{
    /// <summary>The files inside an uploaded archive, e-mail or mailbox; absent for other files.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<UploadResult>? Contained { get; init; }
}

/// <summary>The body that sets a document's access list: the principals who may read it ("group:hr"); empty or absent: every caller.</summary>
public sealed record AccessBody(IReadOnlyList<string>? Principals);

/// <summary>One passage of a stored document, as a citation's link shows it: its document, place (page, headings, region on a scanned page) and text.</summary>
public sealed record PassageView(string DocumentId, string Source, string Title, string ChunkId, int? Page, IReadOnlyList<string> HeadingPath, string Text, RegionInfo? Region);
