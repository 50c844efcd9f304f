using System.Text.Json.Serialization;

namespace Docent.Cli.Output;

/// <summary>The `docent ingest --json` object. Field names are a public contract.</summary>
internal sealed record IngestJson(
    int Added, int Updated, int Unchanged, int Removed, long Chunks,
    IReadOnlyList<FailureJson> Failed, IReadOnlyList<FailureJson> Skipped,
    IReadOnlyList<WarningJson> Warnings, double ElapsedMs, string? IndexWarning);

/// <summary>One failed or skipped input.</summary>
internal sealed record FailureJson(string Path, string Error, bool Transient);

/// <summary>Warnings raised while reading one input that was still ingested.</summary>
internal sealed record WarningJson(string Path, IReadOnlyList<string> Warnings);

/// <summary>The `docent search --json` object.</summary>
internal sealed record SearchJson(string Query, IReadOnlyList<SearchResultJson> Results, double ElapsedMs);

/// <summary>
/// One search hit: <c>source</c> is the document as people know it ("handbook/leave.md"), <c>path</c> the file on this machine,
/// <c>region</c> where the passage lies on its page (OCR pages; null otherwise).
/// </summary>
internal sealed record SearchResultJson(
    int Rank, double Score, string ChunkId, string DocumentId, string Source, string Title,
    int? Page, IReadOnlyList<string> HeadingPath, string Text, SpanJson Span, string Path, RegionJson? Region);

/// <summary>A character span in a document's normalised text.</summary>
internal sealed record SpanJson(long Start, int Length);

/// <summary>A box on a page as fractions (0–1) of the page's width and height, origin at the top left.</summary>
internal sealed record RegionJson(double Left, double Top, double Width, double Height);

/// <summary>
/// The `docent ask --json` object. <c>unsupported</c> lists answer sentences the grounding check could not support
/// (always empty for extractive answers); <c>model</c> is null for extractive answers; the conversation fields are
/// null for a one-off question. <c>confidence</c> (0–1) is the answer's estimated chance of being right (below the
/// <c>minConfidence</c> setting the answer is refused, with <c>closestPassages</c>); null when the answerer gives none.
/// <c>warnings</c> lists cautions the reader must see (a cited source holds text addressed to AI models); the answer text
/// begins with them too. Empty when there are none.
/// </summary>
internal sealed record AskJson(
    string Question, string Answer, bool Found, double? Confidence, IReadOnlyList<CitationJson> Citations,
    IReadOnlyList<SearchResultJson> ClosestPassages, TimingsJson TimingsMs,
    IReadOnlyList<UnsupportedJson> Unsupported, string? Model, string StandaloneQuestion, string? ConversationId, int? Turn)
{
    /// <summary>Cautions that go with the answer, in the order its text gives them.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>An answer sentence the grounding check could not support, and whether it was dropped from the answer.</summary>
internal sealed record UnsupportedJson(string Sentence, string Reason, bool Dropped);

/// <summary>
/// One citation of an answer: <c>source</c> is the document as people know it ("handbook/leave.md"), <c>path</c> the file on this
/// machine, <c>region</c> where the cited passage lies on <c>page</c> (OCR pages; null otherwise).
/// </summary>
internal sealed record CitationJson(
    int Index, string ChunkId, string DocumentId, string Source, string Title, int? Page,
    IReadOnlyList<string> HeadingPath, string Quote, SpanJson QuoteSpan, string Text, string Path, RegionJson? Region);

/// <summary>Stage timings of one question, in milliseconds.</summary>
internal sealed record TimingsJson(double Retrieve, double Answer, double Total, double Condense);

/// <summary>The `docent docs list --json` object.</summary>
internal sealed record DocsListJson(IReadOnlyList<DocumentJson> Documents);

/// <summary>
/// One stored document: Container is the id of the archive, e-mail or mailbox that holds it (null for a file on its own),
/// Quality its parse-quality report (null for documents stored before reports were kept), Concerns why it may have been read badly.
/// </summary>
internal sealed record DocumentJson(
    string Id, string Source, string Title, string Format, long Length, int Chunks,
    DateTimeOffset IngestedAt, IReadOnlyList<string> Warnings, string? Container, QualityJson? Quality, IReadOnlyList<string> Concerns,
    IReadOnlyList<string> Access)
{
    /// <summary>Stored without searchable passages because one may be a prompt injection (safety.quarantineFlagged); the first warning says why.</summary>
    public bool Quarantined { get; init; }
}

/// <summary>`docs access --json`: each document's access list (empty: every caller reads it) and the targets that matched none.</summary>
internal sealed record DocsAccessJson(IReadOnlyList<DocumentAccessJson> Documents, IReadOnlyList<FailureJson> Failed);

/// <summary>One document's access list: the principals who may read it (empty: every caller).</summary>
internal sealed record DocumentAccessJson(string Id, string Source, IReadOnlyList<string> Access);

/// <summary>
/// A document's parse-quality report: pages (null without pages), characters read, per page, headings, tables, OCR pages and
/// confidence, and what the personal-data step did (null when it was off).
/// </summary>
internal sealed record QualityJson(
    int? Pages, long Characters, double? CharactersPerPage, int Headings, int Tables, int OcrPages, double? OcrMeanConfidence,
    IReadOnlyList<Documents.OcrPageConfidence>? OcrPageConfidences, PiiJson? Pii);

/// <summary>
/// What the personal-data step did to a document: Mode "stored" (redacted before storing) or "answers" (stored as written,
/// redacted in output), Counts per kind (email, phone, iban, cardNumber, nationalId, name), Summary the same in words.
/// </summary>
internal sealed record PiiJson(string Mode, IReadOnlyDictionary<string, int> Counts, string Summary);

/// <summary>The `docent docs remove --json` object.</summary>
internal sealed record DocsRemoveJson(IReadOnlyList<string> Removed, IReadOnlyList<FailureJson> Failed);

/// <summary>The `docent stats --json` object.</summary>
internal sealed record StatsJson(
    string DataDirectory, int Documents, long Chunks, long DatabaseBytes, long IndexBytes,
    int IndexedChunks, string Analyzer, VectorStatsJson? Vectors, string RetrievalMode, string? ChatModel,
    IReadOnlyDictionary<string, int> Languages, IReadOnlyList<string> LexicalOnlyLanguages);

/// <summary>The vector index part of `docent stats` (null without an embedding model).</summary>
internal sealed record VectorStatsJson(string Model, int Dimension, int Count, long FileBytes, int Pending, double Coverage);

/// <summary>A fatal error, printed as the one JSON object when --json is given.</summary>
internal sealed record ErrorJson(string Error);

/// <summary>The `docent demo --json` object.</summary>
internal sealed record DemoJson(string DataDirectory, IngestJson Ingest, IReadOnlyList<AskJson> Answers);

/// <summary>The `docent config show --json` object: each setting's value and source.</summary>
internal sealed record ConfigShowJson(string SettingsFile, System.Text.Json.Nodes.JsonObject Settings);

/// <summary>The `docent config set|unset --json` object (value null when removed).</summary>
internal sealed record ConfigSetJson(string SettingsFile, string Key, string? Value);

/// <summary>
/// The `docent bench vectors --json` object. Recall figures have "recall" in their names and speeds "qps"
/// (queries per second, one thread); an acceptance script finds them by those words.
/// </summary>
internal sealed record BenchVectorsJson(
    int Count, int Dim, int Queries, string Metric, int M, int EfConstruction, int Threads, int Seed, int Clusters, int Top,
    double GenerateSeconds, double GroundTruthSeconds, double FlatQps, int FlatQueriesTimed,
    double? BuildSeconds, double? Int8BuildSeconds, BenchMemoryJson Memory,
    IReadOnlyList<BenchPointJson> Hnsw, IReadOnlyList<BenchPointJson> Int8);

/// <summary>
/// Bytes held by the benchmark's indexes. The float32 HNSW index holds its vectors on the heap. The int8 index is
/// measured after a save and a load: its heap holds the int8 codes, the graph and the keys, and its float32 vectors
/// (used only to re-rank the final candidates) are memory-mapped from the file. Int8 figures are null when no int8
/// index was built.
/// </summary>
internal sealed record BenchMemoryJson(
    long? Float32VectorBytes, long? Int8VectorBytes, double? Int8ToFloat32Ratio, long? Int8HeapFloat32Bytes, long? Int8MappedFloat32Bytes,
    long GraphBytes, long KeyBytes, long FlatIndexBytes);

/// <summary>One search breadth of one HNSW index: recall@10 against the exact top 10 and single-thread queries per second.</summary>
internal sealed record BenchPointJson(int Ef, double RecallAt10, double Qps, int QueriesTimed);

/// <summary>
/// The `docent bench vectors --load-index --json` object: a saved index queried without rebuilding, optionally in
/// rounds alternating with a peer program. Speeds are queries per second on one thread ("qps"), by wall clock and per
/// second of the timing thread's CPU time ("cpu_qps"); ratios are Docent's over the peer's, pair by pair, and their medians.
/// </summary>
internal sealed record BenchVectorsQueryJson(string Index, string Data, string? Peer, int Rounds, int RoundQueries, IReadOnlyList<BenchQueryPointJson> Points);

/// <summary>One search breadth of the query-only run: recall@10 and per-round speeds of Docent and the peer (null without one).</summary>
internal sealed record BenchQueryPointJson(
    int Ef, double RecallAt10, double Qps, IReadOnlyList<double> RoundQps, double CpuQps, IReadOnlyList<double> RoundCpuQps,
    double? PeerRecallAt10, double? PeerQps, IReadOnlyList<double> PeerRoundQps, double? PeerCpuQps, IReadOnlyList<double> PeerRoundCpuQps,
    double? QpsRatio, IReadOnlyList<double> PairQpsRatios, double? CpuQpsRatio, IReadOnlyList<double> PairCpuQpsRatios);

/// <summary>The `docent bench generation --json` object: the model shape, the files written and one entry per (type, threads) run.</summary>
internal sealed record BenchGenerationJson(
    int Dim, int Hidden, int Layers, int Heads, int KvHeads, int Vocab, int Context, int Steps, int PromptTokens, int WarmupSteps, int Rounds, int Seed,
    int ProcessorCount, double WriteSeconds, string? Folder, IReadOnlyList<BenchGenerationFileJson> Files, IReadOnlyList<BenchGenerationRunJson> Runs,
    string? Vocabulary = null, string? Peer = null, int Pairs = 1, IReadOnlyList<BenchGenerationComparisonJson>? Comparisons = null,
    IReadOnlyList<BenchGenerationScalingJson>? Scaling = null);

/// <summary>
/// Docent against the peer on one file and thread count, over the interleaved pairs: medians of each side, and the median
/// and range of the per-pair ratios (Docent ÷ peer; above 1 means Docent is faster); <c>sameTokens</c>: every pair's
/// greedy tokens agreed; <c>promptAgreement</c>: the share of prompt positions whose most likely next token agreed (the
/// lowest over the pairs; near-ties may differ between two correct engines).
/// </summary>
internal sealed record BenchGenerationComparisonJson(
    string Format, int Threads, int Pairs, double DocentDecode, double PeerDecode, double DecodeRatio, double DecodeRatioMin, double DecodeRatioMax,
    double DocentPrompt, double PeerPrompt, double PromptRatio, double PromptRatioMin, double PromptRatioMax, double DocentPeakMib, double PeerPeakMib,
    bool SameTokens, double PromptAgreement, string DocentKernelPath);

/// <summary>How one engine's median speeds on <c>threads</c> compare with its own on one thread (same file).</summary>
internal sealed record BenchGenerationScalingJson(string Engine, string Format, int Threads, double DecodeSpeedup, double PromptSpeedup);

/// <summary>A model file the generation benchmark wrote.</summary>
internal sealed record BenchGenerationFileJson(string Name, long Bytes);

/// <summary>One measured configuration, from its own process (also what `--measure` prints).</summary>
internal sealed record BenchGenerationRunJson(
    string File, string Type, int Threads, string KernelPath, double LoadSeconds, double DecodeTokensPerSecond, double PromptTokensPerSecond,
    long PeakResidentBytes, double PeakResidentMib, IReadOnlyList<int> FirstTokens, string Engine = "docent", int Pair = 1, string? SystemInfo = null,
    IReadOnlyList<int>? PromptArgMaxes = null);

/// <summary>What the llama.cpp peer program (bench/Docent.Benchmarks.LlamaCpp) prints for one measurement.</summary>
internal sealed record BenchGenerationPeerRunJson(
    string Engine, string File, int Threads, string Kv, string SystemInfo, double LoadSeconds, double DecodeTokensPerSecond, double PromptTokensPerSecond,
    long PeakResidentBytes, double PeakResidentMib, IReadOnlyList<int> FirstTokens, IReadOnlyList<int> PromptArgMaxes, IReadOnlyList<string> Warnings);

/// <summary>
/// One line of `docent watch --json`: what happened to one file (<c>event</c>: added, updated, renamed, removed, failed, skipped), shown
/// as <c>source</c> ("handbook/leave.md") and found at <c>path</c>; a rename names where it was; <c>trigger</c> is catchup, changes or rescan.
/// </summary>
internal sealed record WatchChangeJson(
    string Event, string Source, string Path, string? PreviousSource, string? PreviousPath, int Chunks, string? Error, string Trigger);

/// <summary>`docent feedback export --json`: where the golden set went, its questions, the verdicts read and those left out (thumbs down or repeated).</summary>
internal sealed record FeedbackExportJson(string Output, int Questions, int Verdicts, int LeftOut);

/// <summary>Source-generated serialisation of the CLI's JSON contracts (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(IngestJson))]
[JsonSerializable(typeof(SearchJson))]
[JsonSerializable(typeof(AskJson))]
[JsonSerializable(typeof(DocsListJson))]
[JsonSerializable(typeof(DocsRemoveJson))]
[JsonSerializable(typeof(DocsAccessJson))]
[JsonSerializable(typeof(StatsJson))]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(DemoJson))]
[JsonSerializable(typeof(ConfigShowJson))]
[JsonSerializable(typeof(ConfigSetJson))]
[JsonSerializable(typeof(BenchVectorsJson))]
[JsonSerializable(typeof(BenchVectorsQueryJson))]
[JsonSerializable(typeof(BenchGenerationJson))]
[JsonSerializable(typeof(BenchGenerationPeerRunJson))]
[JsonSerializable(typeof(WatchChangeJson))]
[JsonSerializable(typeof(FeedbackExportJson))]
internal sealed partial class CliJson : JsonSerializerContext;
