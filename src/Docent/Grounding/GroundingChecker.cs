using System.Globalization;
using System.Numerics.Tensors;
using Docent.Answering;
using Docent.Text;
using Microsoft.Extensions.AI;

namespace Docent.Grounding;

/// <summary>
/// Checks a generated answer sentence by sentence against the numbered sources it cites, with lexical
/// heuristics (not a trained entailment model). A sentence is supported when it cites at least one existing
/// source and, against the union of the cited sources (text, title, headings): enough of its stemmed content
/// words occur (<see cref="GroundingOptions.MinCoverage"/>); every number in it occurs (as digits or words,
/// "1,000" = "1000" = "one thousand"); every capitalised name in it occurs; and it agrees with the best
/// supporting sentence on negation (a "not", "no", "never", "…n't" near the words they share in one but not the
/// other is a mismatch). Citation numbers with no such source are reported and their markers removed by
/// <see cref="Rewrite"/>. A sentence without a citation is unsupported unless it asserts nothing: the
/// not-found sentence, a lead-in ending in ':', a heading. With an embedding generator, a close paraphrase
/// (cosine ≥ <see cref="GroundingOptions.EmbeddingSupportThreshold"/>) passes the word-coverage test.
/// Thread-safe: it keeps no state between calls (the embedding generator must be thread-safe too).
/// </summary>
public sealed class GroundingChecker : IGroundingChecker
{
    private const int MaxMissingWordsShown = 5;

    private readonly ITextAnalyzer _analyzer;
    private readonly ISentenceSplitter _splitter;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;
    private readonly double _minCoverage;
    private readonly int _negationWindow;
    private readonly double _embeddingThreshold;

    /// <summary>
    /// Creates a checker that analyses text with <paramref name="analyzer"/> (the index's analyzer) and splits it
    /// with <paramref name="splitter"/>; <paramref name="embeddingGenerator"/> adds the similarity signal.
    /// </summary>
    public GroundingChecker(
        ITextAnalyzer analyzer,
        ISentenceSplitter splitter,
        GroundingOptions? options = null,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(splitter);
        options ??= new GroundingOptions();
        options.Validate();
        _analyzer = analyzer;
        _splitter = splitter;
        _embeddings = embeddingGenerator;
        _minCoverage = options.MinCoverage;
        _negationWindow = options.NegationWindow;
        _embeddingThreshold = options.EmbeddingSupportThreshold;
    }

    /// <inheritdoc />
    public async Task<GroundingReport> CheckAsync(
        string answer,
        IReadOnlyList<GroundingPassage> sources,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(sources);
        cancellationToken.ThrowIfCancellationRequested();
        var facts = new SourceFacts[sources.Count];
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i] = SourceFacts.Build(sources[i] ?? throw new ArgumentException("A source is null.", nameof(sources)), _analyzer, _splitter);
        }

        var claims = AnswerSentences.Split(answer, _splitter).Select(span => ClaimFacts.Build(answer, span, _analyzer)).ToList();
        var similarities = _embeddings is null ? null : await SimilaritiesAsync(claims, facts, cancellationToken).ConfigureAwait(false);
        var verdicts = new List<SentenceVerdict>(claims.Count);
        for (var i = 0; i < claims.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            verdicts.Add(Judge(claims[i], facts, similarities?[i]));
        }

        return new GroundingReport(answer, sources.Count, verdicts);
    }

    /// <summary>
    /// The answer text of <paramref name="report"/> with citation numbers that name no source removed from
    /// their markers ("[2, 7]" → "[2]", "[7]" → nothing) and, when <paramref name="dropUnsupported"/>, the
    /// unsupported sentences removed (a sentence on a line of its own, such as a list item, takes its line
    /// with it). Nothing is renumbered.
    /// </summary>
    public static string Rewrite(GroundingReport report, bool dropUnsupported)
    {
        ArgumentNullException.ThrowIfNull(report);
        return AnswerRewriter.Rewrite(report, dropUnsupported);
    }

    private SentenceVerdict Judge(ClaimFacts claim, SourceFacts[] facts, Dictionary<int, double[]>? similarities)
    {
        var valid = claim.Cited.Where(n => n >= 1 && n <= facts.Length).ToList();
        var invalid = claim.Cited.Where(n => n < 1 || n > facts.Length).ToList();
        if (!IsCheckable(claim))
        {
            return new SentenceVerdict(claim.Sentence, claim.Span, false, true, null, valid, invalid, 1, []);
        }

        var invalidNote = invalid.Count == 0
            ? null
            : $"cites {string.Concat(invalid.Select(n => CitationMarkers.Format([n])))}, but only {Count(facts.Length, "source was", "sources were")} given";
        if (valid.Count == 0)
        {
            var reason = invalidNote ?? "no citation";
            if (FindSupportingSource(claim, facts, []) is { } source)
            {
                reason += $"; source [{source}] supports it";
            }

            return new SentenceVerdict(claim.Sentence, claim.Span, true, false, reason, valid, invalid, 0, []);
        }

        var cited = valid.Select(n => facts[n - 1]).ToList();
        var support = RankSupport(claim, valid, cited, similarities);
        var issues = Evaluate(claim, cited, SourcesPhrase(valid), support, out var coverage);
        var supporting = support.Select(s => s.Support).ToList();
        if (issues.Count == 0)
        {
            return new SentenceVerdict(claim.Sentence, claim.Span, true, true, null, valid, invalid, coverage, supporting);
        }

        if (invalidNote is not null)
        {
            issues.Insert(0, invalidNote);
        }

        var text = string.Join("; ", issues);
        if (FindSupportingSource(claim, facts, valid) is { } other)
        {
            text += $"; source [{other}] supports it";
        }

        return new SentenceVerdict(claim.Sentence, claim.Span, true, false, text, valid, invalid, coverage, supporting);
    }

    /// <summary>The issues of <paramref name="claim"/> against <paramref name="cited"/>; empty when it is supported.</summary>
    private List<string> Evaluate(
        ClaimFacts claim,
        List<SourceFacts> cited,
        string sourcesPhrase,
        IReadOnlyList<RankedSupport>? support,
        out double coverage)
    {
        var issues = new List<string>();
        var missing = claim.ContentTerms.Where(term => !cited.Any(f => f.Terms.Contains(term))).ToList();
        coverage = claim.ContentTerms.Count == 0 ? 1 : 1 - ((double)missing.Count / claim.ContentTerms.Count);
        var paraphrase = support is not null && support.Any(s => s.Support.Similarity >= _embeddingThreshold);
        if (coverage < _minCoverage && !paraphrase)
        {
            var shown = string.Join(", ", missing.Take(MaxMissingWordsShown).Select(t => claim.Surfaces[t]));
            var percent = (int)Math.Round(coverage * 100, MidpointRounding.AwayFromZero);
            issues.Add($"only {percent}% of its content words are in {sourcesPhrase} (missing: {shown}{(missing.Count > MaxMissingWordsShown ? ", …" : string.Empty)})");
        }

        var numbers = claim.Numbers.Where(m => !m.Values.Any(v => cited.Any(f => f.Values.Contains(v)))).Select(m => m.Surface).Distinct().ToList();
        if (numbers.Count > 0)
        {
            issues.Add(numbers.Count == 1
                ? $"the number \"{numbers[0]}\" is not in {sourcesPhrase}"
                : $"the numbers {string.Join(", ", numbers.Select(n => $"\"{n}\""))} are not in {sourcesPhrase}");
        }

        var names = claim.Names.Where(name => !cited.Any(f => HasName(f, name))).ToList();
        if (names.Count > 0)
        {
            issues.Add(names.Count == 1
                ? $"the name \"{names[0]}\" is not in {sourcesPhrase}"
                : $"the names {string.Join(", ", names.Select(n => $"\"{n}\""))} are not in {sourcesPhrase}");
        }

        if (support is { Count: > 0 } && NegationIssue(claim, support[0], sourcesPhrase) is { } negation)
        {
            issues.Add(negation);
        }

        return issues;
    }

    private string? NegationIssue(ClaimFacts claim, RankedSupport best, string sourcesPhrase)
    {
        if (best.Support.Overlap <= 0)
        {
            return null;
        }

        var sentence = best.Sentence;
        var shared = new HashSet<string>(claim.AllTerms.Where(sentence.Terms.Contains), StringComparer.Ordinal);
        var claimCue = TextWords.NegationNear(claim.Words, shared, _negationWindow);
        var sourceCue = TextWords.NegationNear(sentence.Words, shared, _negationWindow);
        if ((claimCue is null) == (sourceCue is null))
        {
            return null;
        }

        return claimCue is not null
            ? $"negation mismatch: it says \"{claimCue}\" but {sourcesPhrase} does not"
            : $"negation mismatch: {sourcesPhrase} says \"{sourceCue}\" but the sentence does not";
    }

    /// <summary>
    /// Per cited source, its sentence with the highest share of the claim's terms plus (with embeddings) cosine
    /// similarity; the earliest wins ties. Best first.
    /// </summary>
    private static List<RankedSupport> RankSupport(
        ClaimFacts claim,
        List<int> valid,
        List<SourceFacts> cited,
        Dictionary<int, double[]>? similarities)
    {
        var support = new List<RankedSupport>(valid.Count);
        for (var c = 0; c < valid.Count; c++)
        {
            var sentences = cited[c].Sentences;
            var sims = similarities?.GetValueOrDefault(valid[c]);
            RankedSupport? best = null;
            for (var s = 0; s < sentences.Count; s++)
            {
                var overlap = claim.AllTerms.Count == 0 ? 0 : (double)claim.AllTerms.Count(sentences[s].Terms.Contains) / claim.AllTerms.Count;
                double? similarity = sims is null ? null : sims[s];
                var candidate = new RankedSupport(new SupportingSentence(valid[c], sentences[s].Span, overlap, similarity), sentences[s]);
                if (best is null || candidate.Score > best.Value.Score)
                {
                    best = candidate;
                }
            }

            if (best is not null)
            {
                support.Add(best.Value);
            }
        }

        // Stable: among equal scores the source cited first stays first.
        return [.. support.OrderByDescending(s => s.Score)];
    }

    /// <summary>The first other source that passes the lexical tests on its own, to point the user at.</summary>
    private int? FindSupportingSource(ClaimFacts claim, SourceFacts[] facts, List<int> exclude)
    {
        if (claim.ContentTerms.Count == 0 && claim.Numbers.Count == 0)
        {
            return null;
        }

        for (var i = 0; i < facts.Length; i++)
        {
            if (exclude.Contains(i + 1))
            {
                continue;
            }

            if (Evaluate(claim, [facts[i]], string.Empty, null, out _).Count == 0)
            {
                return i + 1;
            }
        }

        return null;
    }

    private bool HasName(SourceFacts facts, string name)
    {
        if (facts.Words.Contains(name.ToLowerInvariant()))
        {
            return true;
        }

        // "Germans" against "German": the same stem counts.
        var tokens = _analyzer.Analyze(name);
        return tokens.Count > 0 && tokens.All(t => facts.Terms.Contains(t.Term));
    }

    private static bool IsCheckable(ClaimFacts claim)
    {
        var text = claim.Text;
        if (!text.Any(char.IsLetterOrDigit) || NotFoundReply.Is(text) || text.StartsWith('#'))
        {
            return false;
        }

        // A lead-in ("The steps are:") introduces the cited items after it.
        return claim.Cited.Count > 0 || claim.Numbers.Count > 0 || !text.TrimEnd('*', '_', ' ').EndsWith(':');
    }

    private static string SourcesPhrase(List<int> valid) =>
        valid.Count == 1 ? $"the cited source [{valid[0]}]" : $"the cited sources {CitationMarkers.Format(valid)}";

    private static string Count(int n, string one, string many) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

    /// <summary>
    /// For each claim that cites a source: source number → cosine similarity of the claim to each of that
    /// source's sentences. One embedding call for all texts.
    /// </summary>
    private async Task<Dictionary<int, double[]>?[]> SimilaritiesAsync(List<ClaimFacts> claims, SourceFacts[] facts, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, double[]>?[claims.Count];
        var inputs = new List<string>();
        var claimInput = new int[claims.Count];
        var sourceInput = new Dictionary<int, int>();
        for (var i = 0; i < claims.Count; i++)
        {
            claimInput[i] = -1;
            var cited = claims[i].Cited.Where(n => n >= 1 && n <= facts.Length).ToList();
            if (cited.Count == 0 || !IsCheckable(claims[i]))
            {
                continue;
            }

            claimInput[i] = inputs.Count;
            inputs.Add(claims[i].Text);
            foreach (var n in cited)
            {
                if (sourceInput.TryAdd(n, inputs.Count))
                {
                    inputs.AddRange(facts[n - 1].Sentences.Select(s => s.Text));
                }
            }
        }

        if (inputs.Count == 0)
        {
            return result;
        }

        var embeddings = await _embeddings!.GenerateAsync(inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != inputs.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} embeddings for {inputs.Count} inputs.");
        }

        for (var i = 0; i < claims.Count; i++)
        {
            if (claimInput[i] < 0)
            {
                continue;
            }

            var claimVector = embeddings[claimInput[i]].Vector.Span;
            var perSource = new Dictionary<int, double[]>();
            foreach (var n in claims[i].Cited.Where(sourceInput.ContainsKey))
            {
                var first = sourceInput[n];
                var sims = new double[facts[n - 1].Sentences.Count];
                for (var s = 0; s < sims.Length; s++)
                {
                    var cosine = TensorPrimitives.CosineSimilarity(claimVector, embeddings[first + s].Vector.Span);
                    sims[s] = float.IsFinite(cosine) ? cosine : 0;
                }

                perSource[n] = sims;
            }

            result[i] = perSource;
        }

        return result;
    }

    /// <summary>A supporting sentence with the analysed source sentence behind it.</summary>
    private readonly record struct RankedSupport(SupportingSentence Support, SourceSentence Sentence)
    {
        public double Score => Support.Overlap + (Support.Similarity ?? 0);
    }
}
