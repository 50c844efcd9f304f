using System.Runtime.CompilerServices;
using Docent.Documents;
using Docent.Safety;
using Docent.Storage;
using Microsoft.Extensions.Logging;

namespace Docent.Ingestion;

/// <summary>
/// The personal-data step of one document's ingest, between the reader and the chunker. In <c>stored</c> mode it replaces each
/// item in every block's text and heading path (and the title) by its kind's placeholder before anything is chunked, so the
/// original never reaches the store, the index, embeddings or answers, and chunk spans stay those of the stored text; with
/// names from a chat model it sends the blocks in passages of up to <see cref="ChatNameFinder.MaxPassageCharacters"/>
/// characters and redacts the names listed (and, further on, every later occurrence). In <c>answers</c> mode blocks pass
/// unchanged and items are only counted. Not thread-safe: one per document.
/// </summary>
internal sealed class PiiIngestStep
{
    private readonly PiiSettings _settings;
    private readonly PiiScanner _scanner;
    private readonly ChatNameFinder? _names;
    private readonly ILogger _logger;
    private readonly string _source;
    private readonly int[] _counts = new int[Enum.GetValues<PiiKind>().Length];
    private readonly HashSet<string> _knownNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _headings = new(StringComparer.Ordinal);
    private int _passages;
    private int _failedPassages;
    private string? _firstProblem;

    public PiiIngestStep(PiiSettings settings, PiiScanner scanner, ChatNameFinder? names, ILogger logger, string source)
    {
        _settings = settings;
        _scanner = scanner;
        _names = settings.Names == PiiNameDetection.Model ? names : null;
        _logger = logger;
        _source = source;
    }

    private bool Redacts => _settings.Redact == PiiRedactionMode.Stored;

    /// <summary>Passes <paramref name="blocks"/> through, redacted (stored mode) or counted (answers mode).</summary>
    public async IAsyncEnumerable<DocumentBlock> ApplyAsync(IAsyncEnumerable<DocumentBlock> blocks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_names is null)
        {
            await foreach (var block in blocks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return Apply(block);
            }

            yield break;
        }

        // With names, blocks wait in a passage until it is full, so the model sees some context and is asked once per passage.
        var pending = new List<DocumentBlock>();
        var pendingCharacters = 0;
        await foreach (var block in blocks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (pending.Count > 0 && pendingCharacters + block.Text.Length > ChatNameFinder.MaxPassageCharacters)
            {
                await FindNamesAsync(pending, cancellationToken).ConfigureAwait(false);
                foreach (var ready in pending)
                {
                    yield return Apply(ready);
                }

                pending.Clear();
                pendingCharacters = 0;
            }

            pending.Add(block);
            pendingCharacters += block.Text.Length + 2;
        }

        if (pending.Count > 0)
        {
            await FindNamesAsync(pending, cancellationToken).ConfigureAwait(false);
            foreach (var ready in pending)
            {
                yield return Apply(ready);
            }
        }
    }

    /// <summary>The title to store: redacted in stored mode (not counted: it repeats the document's own text or metadata).</summary>
    public string RedactTitle(string title) => Redacts ? _scanner.Redact(title, _knownNames) : title;

    /// <summary>What was done, for the document's quality record.</summary>
    public PiiRecord Record()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kind in Enum.GetValues<PiiKind>())
        {
            if (_counts[(int)kind] > 0)
            {
                counts[PiiSettings.KindKey(kind)] = _counts[(int)kind];
            }
        }

        return new PiiRecord(_settings.Redact.ToString().ToLowerInvariant(), counts, _settings.Policy!);
    }

    /// <summary>A warning for the document when names could not be looked for in some passages; null when every passage was read.</summary>
    public string? Warning => _failedPassages == 0
        ? null
        : $"names were not looked for in {_failedPassages} of {_passages} passages: {_firstProblem}";

    private DocumentBlock Apply(DocumentBlock block)
    {
        var matches = _scanner.Find(block.Text, _knownNames);
        foreach (var match in matches)
        {
            _counts[(int)match.Kind]++;
        }

        if (!Redacts)
        {
            return block;
        }

        var text = matches.Count == 0 ? block.Text : PiiRedactor.Redact(block.Text, matches);
        var path = block.HeadingPath;
        string[]? redactedPath = null;
        for (var i = 0; i < path.Count; i++)
        {
            if (!_headings.TryGetValue(path[i], out var heading))
            {
                heading = _scanner.Redact(path[i], _knownNames);
                _headings[path[i]] = heading;
            }

            if (heading != path[i])
            {
                redactedPath ??= [.. path];
                redactedPath[i] = heading;
            }
        }

        return ReferenceEquals(text, block.Text) && redactedPath is null ? block : block with { Text = text, HeadingPath = redactedPath ?? path };
    }

    private async Task FindNamesAsync(List<DocumentBlock> blocks, CancellationToken cancellationToken)
    {
        var passage = string.Join("\n\n", blocks.Select(b => b.Text));
        for (var start = 0; start < passage.Length; start += ChatNameFinder.MaxPassageCharacters)
        {
            _passages++;
            var part = passage.Substring(start, Math.Min(ChatNameFinder.MaxPassageCharacters, passage.Length - start));
            var finding = await _names!.FindAsync(part, cancellationToken).ConfigureAwait(false);
            if (finding.Problem is not null)
            {
                _failedPassages++;
                _firstProblem ??= finding.Problem;
                IngestionLog.NamesNotFound(_logger, _source, _passages, finding.Problem);
                continue;
            }

            var before = _knownNames.Count;
            _knownNames.UnionWith(finding.Names);
            if (_knownNames.Count != before)
            {
                _headings.Clear(); // heading redactions were made without the new names
            }
        }
    }
}
