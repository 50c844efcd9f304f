using System.Collections.Concurrent;
using System.Numerics;
using System.Numerics.Tensors;
using System.Text;
using Docent.Chunking;
using Docent.Retrieval;
using Docent.Text;
using Microsoft.Extensions.AI;

namespace Docent.Answering.Extractive;

/// <summary>
/// Answers without a language model by quoting the context sentences that best answer the question, each
/// verbatim with a "[n]" citation; says "not found" (with the closest passages) when the answer's confidence
/// (<see cref="AnswerConfidence"/>, from retrieval and sentence evidence) is below the threshold, or the question
/// has no word to look for. Each sentence is scored from: the share of the question's content terms it holds,
/// weighted by an idf estimated from the context itself; how close together those terms sit; whether it has
/// the kind of answer the question asks for (a name for "who", a date for "when", ...); its length; and the
/// rank of its chunk; and, given an embedding model, the cosine similarity in meaning between the question and the
/// sentence (blended with the lexical evidence, and enough on its own to answer a paraphrased question).
/// Hand-written: the ranking is Docent's own logic, no package does it. Thread-safe: its only state between calls
/// is a bounded concurrent cache of sentence vectors.
/// </summary>
public sealed class ExtractiveAnswerGenerator : IAnswerGenerator
{
    /// <summary>Extra sentences must score at least this share of the best one, or add new question terms.</summary>
    private const double StrongShare = 0.6;

    /// <summary>An extra sentence that adds new question terms must still score at least this share of the best.</summary>
    private const double AddingShare = 0.3;

    /// <summary>Score multiplier of a sentence that ends with a colon (a heading or lead-in).</summary>
    private const double LeadInFactor = 0.6;

    /// <summary>What a question term found only in a sentence's surroundings counts for, relative to one in the sentence.</summary>
    private const double SurroundingShare = 0.5;

    /// <summary>Sentences of this many passages (best first) are compared with the question by meaning.</summary>
    private const int MeaningPassages = 5;

    /// <summary>At most this many sentences are embedded per question (one batch).</summary>
    private const int MaxMeaningSentences = 48;

    /// <summary>How many sentence vectors are kept between questions (follow-ups quote the same passages); cleared when full.</summary>
    private const int SentenceCacheSize = 4096;

    /// <summary>
    /// Weight of the meaning similarity against the lexical evidence (idf coverage × proximity) in a sentence's score;
    /// fitted on SQuAD v1.1 dev, questions 1–2,000 (0.2–0.5 all help; 0.4 best), checked on questions 2,001–4,000.
    /// </summary>
    private const double MeaningWeight = 0.4;

    /// <summary>
    /// A sentence this similar in meaning to the question may answer it though it shares too few of its words for
    /// <see cref="ExtractiveAnswerOptions.MinCoverage"/> (a paraphrased question).
    /// </summary>
    private const double MinSimilarity = 0.6;

    private readonly ITextAnalyzer _analyzer;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<float>> _sentenceVectors = new(StringComparer.Ordinal);
    private readonly ISentenceSplitter _splitter;
    private readonly QuestionClassifier _classifier;
    private readonly int _maxContextChunks;
    private readonly double _minCoverage;
    private readonly int _closestPassages;
    private readonly double? _minConfidence;
    private readonly Func<string?, bool>? _embeddingUnderstands;

    /// <summary>
    /// Creates a generator that analyses text with <paramref name="analyzer"/> (the index's analyzer) and, when
    /// <paramref name="embeddingGenerator"/> is given, also weighs each candidate sentence by its similarity in meaning
    /// to the question.
    /// </summary>
    public ExtractiveAnswerGenerator(
        ITextAnalyzer analyzer,
        ISentenceSplitter splitter,
        ExtractiveAnswerOptions? options = null,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(splitter);
        options ??= new ExtractiveAnswerOptions();
        options.Validate();
        _analyzer = analyzer;
        _splitter = splitter;
        _embedder = embeddingGenerator;
        _classifier = new QuestionClassifier(analyzer);
        _maxContextChunks = options.MaxContextChunks;
        _minCoverage = options.MinCoverage;
        _closestPassages = options.ClosestPassages;
        _minConfidence = options.MinConfidence;
        _embeddingUnderstands = options.EmbeddingUnderstands;
    }

    /// <inheritdoc />
    public async Task<Answer> GenerateAsync(
        string question,
        IReadOnlyList<RetrievedChunk> context,
        AnswerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(context);
        options?.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        options ??= new AnswerOptions();
        var maxSentences = options.MaxSentences;
        var language = ContextLanguage(context);
        // Meaning is weighed only where the embedding model understands the passages' language (an English model's
        // vectors of Thai text are noise); elsewhere the answer, and its confidence, rest on the words.
        var embedder = _embedder is not null && (_embeddingUnderstands?.Invoke(language) ?? true) ? _embedder : null;
        var minConfidence = options.MinConfidence ?? _minConfidence ?? AnswerConfidence.DefaultThresholdFor(embedder is not null);
        var profile = _classifier.Profile(question, language);
        if (context.Count == 0 || !HasContentWord(profile))
        {
            return NotFound(question, context, 0, null);
        }

        var candidates = CollectSentences(profile, context, cancellationToken);
        if (embedder is not null)
        {
            await MeasureMeaningAsync(embedder, question, candidates, cancellationToken).ConfigureAwait(false);
        }

        return Choose(question, context, profile, candidates, maxSentences, minConfidence, withMeaning: embedder is not null);
    }

    /// <summary>
    /// Embeds the question and the sentences of the best <see cref="MeaningPassages"/> passages (at most
    /// <see cref="MaxMeaningSentences"/>) in one batch and records each sentence's cosine similarity to the question.
    /// </summary>
    private async Task MeasureMeaningAsync(
        IEmbeddingGenerator<string, Embedding<float>> embedder, string question, List<CandidateSentence> candidates, CancellationToken cancellationToken)
    {
        var compared = candidates.Where(c => c.ChunkOrder < MeaningPassages && c.Span.Length > 0).Take(MaxMeaningSentences).ToList();
        if (compared.Count == 0)
        {
            return;
        }

        // Vectors of sentences seen by earlier questions (a follow-up quotes the same passages) come from the cache;
        // the question and the rest are embedded in one batch.
        var known = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var text in compared.Select(c => c.Text))
        {
            if (!known.ContainsKey(text) && !missing.Contains(text))
            {
                if (_sentenceVectors.TryGetValue(text, out var cached))
                {
                    known[text] = cached;
                }
                else
                {
                    missing.Add(text);
                }
            }
        }

        var vectors = await embedder.GenerateAsync([question, .. missing], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (_sentenceVectors.Count + missing.Count > SentenceCacheSize)
        {
            _sentenceVectors.Clear();
        }

        for (var i = 0; i < missing.Count; i++)
        {
            known[missing[i]] = vectors[i + 1].Vector;
            _sentenceVectors[missing[i]] = vectors[i + 1].Vector;
        }

        var questionVector = vectors[0].Vector.Span;
        foreach (var candidate in compared)
        {
            candidate.Similarity = TensorPrimitives.CosineSimilarity(questionVector, known[candidate.Text].Span);
        }
    }

    private Answer Choose(
        string question, IReadOnlyList<RetrievedChunk> context, QuestionProfile profile, List<CandidateSentence> candidates, int maxSentences, double minConfidence, bool withMeaning)
    {
        var idf = EstimateIdf(profile, candidates);
        var mass = idf.Sum();
        var ranked = new List<CandidateSentence>();
        var meaning = withMeaning ? MeaningWeight : 0;
        foreach (var candidate in candidates)
        {
            if ((candidate.Matched | candidate.ContextMatched) == 0 && candidate.Similarity is null)
            {
                continue;
            }

            Score(candidate, profile, idf, mass, meaning);
            ranked.Add(candidate);
        }

        ranked.Sort(CompareByScore);

        // The best sentence that holds enough of the question, or is close enough to it in meaning, is the candidate;
        // its confidence decides whether it is given.
        var best = ranked.Find(c => c.Coverage >= _minCoverage || c.Similarity >= MinSimilarity);
        if (best is null)
        {
            return NotFound(question, context, 0, null);
        }

        var features = Features(best, ranked, candidates, profile, idf, mass, context, withMeaning);
        var confidence = AnswerConfidence.Compute(features);
        var evidence = AnswerConfidence.Evidence(features);
        if (confidence < minConfidence)
        {
            return NotFound(question, context, confidence, evidence);
        }

        var chosen = ChooseSentences(best, ranked, FollowingSteps(best, candidates, profile, maxSentences), profile, maxSentences);
        return Compose(question, chosen) with { Confidence = confidence, ConfidenceEvidence = evidence };
    }

    /// <summary>
    /// Whether the question has a word to look for: some content term with a letter in it. "???", "the of and" and
    /// "' OR 1=1 --" have none, and are refused whatever the passages hold.
    /// </summary>
    private static bool HasContentWord(QuestionProfile profile) => profile.Terms.Any(term => term.Any(char.IsLetter));

    /// <summary>The evidence behind choosing <paramref name="best"/>, for <see cref="AnswerConfidence"/>.</summary>
    private static AnswerConfidenceFeatures Features(
        CandidateSentence best, List<CandidateSentence> ranked, List<CandidateSentence> candidates, QuestionProfile profile,
        double[] idf, double mass, IReadOnlyList<RetrievedChunk> context, bool meaningAvailable)
    {
        ulong inContext = 0UL, inPassage = 0UL;
        foreach (var candidate in candidates)
        {
            inContext |= candidate.Matched;
            if (candidate.ChunkOrder == best.ChunkOrder)
            {
                inPassage |= candidate.Matched | candidate.ContextMatched;
            }
        }

        double own = 0, found = 0, passage = 0, missing = 0;
        for (var i = 0; i < idf.Length && i < 64; i++)
        {
            own += (best.Matched >> i & 1) != 0 ? idf[i] : 0;
            found += (inContext >> i & 1) != 0 ? idf[i] : 0;
            if ((inPassage >> i & 1) != 0)
            {
                passage += idf[i];
            }
            else
            {
                missing = Math.Max(missing, idf[i]);
            }
        }

        var top = context.Max(c => c.Score);
        var second = context.Count > 1 ? context.Select(c => c.Score).OrderDescending().ElementAt(1) : 0;
        // The margin is the words' own (the confidence was fitted on lexical scores): meaning pulls the blended scores together.
        var next = ranked.Where(c => !ReferenceEquals(c, best)).MaxBy(c => c.LexicalScore);
        var contentTerms = BitOperations.PopCount(profile.ContentMask);
        return new AnswerConfidenceFeatures(
            Coverage: best.Coverage,
            OwnCoverage: mass > 0 ? own / mass : 0,
            ContextCoverage: mass > 0 ? found / mass : 0,
            PassageCoverage: mass > 0 ? passage / mass : 0,
            MissingFromPassage: mass > 0 ? missing / mass : 0,
            CueMatch: profile.Type == QuestionType.General ? 1 : best.Cue,
            Proximity: Proximity(best),
            PassageRank: best.ChunkOrder,
            PassageScoreShare: top > 0 ? best.Chunk.Score / top : 1,
            RetrievalMargin: context.Count < 2 ? 1 : top > 0 ? (top - second) / top : 0,
            SentenceMargin: next is null ? 1 : best.LexicalScore > 0 ? Math.Max(0, (best.LexicalScore - next.LexicalScore) / best.LexicalScore) : 0,
            QuestionTerms: contentTerms > 0 ? contentTerms : profile.Terms.Count,
            Similarity: meaningAvailable ? best.Similarity ?? 0 : null,
            ContextSimilarity: meaningAvailable ? candidates.Max(c => c.Similarity ?? 0) : null);
    }

    /// <summary>Splits and analyses each considered chunk once, and records the question terms in each sentence.</summary>
    private List<CandidateSentence> CollectSentences(QuestionProfile profile, IReadOnlyList<RetrievedChunk> context, CancellationToken cancellationToken)
    {
        var candidates = new List<CandidateSentence>();
        var seenChunks = new HashSet<string>(StringComparer.Ordinal);
        var order = 0;
        foreach (var item in context)
        {
            if (order == _maxContextChunks)
            {
                break;
            }

            if (!seenChunks.Add(item.Chunk.Id))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var text = item.Chunk.Text;
            var analysis = new TextAnalysisOptions { Language = item.Chunk.Language };
            var tokens = _analyzer.Analyze(text, analysis);
            var surroundings = MatchTerms(profile, item.Document.Title + " " + string.Join(" ", item.Chunk.HeadingPath), analysis);
            var previous = 0UL;
            var next = 0;
            foreach (var span in _splitter.Split(text))
            {
                while (next < tokens.Count && tokens[next].Start < span.Start)
                {
                    next++;
                }

                var from = next;
                while (next < tokens.Count && tokens[next].Start < span.End)
                {
                    next++;
                }

                var candidate = new CandidateSentence(item, order, tokens, span, from, next);
                for (var i = from; i < next; i++)
                {
                    if (profile.TermIndex.TryGetValue(tokens[i].Term, out var term))
                    {
                        candidate.Hits.Add((tokens[i].Position, term));
                        candidate.Matched |= 1UL << term;
                    }
                }

                candidate.ContextMatched = (previous | surroundings) & ~candidate.Matched;
                previous = candidate.Matched;
                candidates.Add(candidate);
            }

            order++;
        }

        return candidates;
    }

    /// <summary>
    /// The language most of the passages an answer is drawn from are in (their stored languages; null when none is
    /// stored or told), which the question is analysed in.
    /// </summary>
    private string? ContextLanguage(IReadOnlyList<RetrievedChunk> context) => context
        .Take(_maxContextChunks)
        .Select(item => item.Chunk.Language)
        .Where(language => language is not null && language != LanguageIdentifier.Undetermined)
        .GroupBy(language => language!, StringComparer.Ordinal)
        .OrderByDescending(group => group.Count())
        .Select(group => group.Key)
        .FirstOrDefault();

    private ulong MatchTerms(QuestionProfile profile, string text, TextAnalysisOptions analysis)
    {
        var matched = 0UL;
        foreach (var token in _analyzer.Analyze(text, analysis))
        {
            if (profile.TermIndex.TryGetValue(token.Term, out var term))
            {
                matched |= 1UL << term;
            }
        }

        return matched;
    }

    /// <summary>
    /// Idf of each question term with the context's sentences as the collection (N sentences, df of them
    /// holding the term), smoothed so it stays positive and finite: ln(1 + (N + 1) / (df + 0.5)), times the
    /// term's weight. A term absent from the whole context gets the highest idf, so a question whose key
    /// term the context lacks falls short of the coverage threshold.
    /// </summary>
    private static double[] EstimateIdf(QuestionProfile profile, List<CandidateSentence> candidates)
    {
        var df = new int[profile.Terms.Count];
        foreach (var candidate in candidates)
        {
            var matched = candidate.Matched;
            while (matched != 0)
            {
                df[BitOperations.TrailingZeroCount(matched)]++;
                matched &= matched - 1;
            }
        }

        var n = candidates.Count;
        var idf = new double[df.Length];
        for (var i = 0; i < idf.Length; i++)
        {
            idf[i] = Math.Log(1 + ((n + 1) / (df[i] + 0.5))) * profile.Weights[i];
        }

        return idf;
    }

    private static void Score(CandidateSentence candidate, QuestionProfile profile, double[] idf, double mass, double meaningWeight)
    {
        var covered = 0.0;
        var matched = candidate.Matched;
        while (matched != 0)
        {
            covered += idf[BitOperations.TrailingZeroCount(matched)];
            matched &= matched - 1;
        }

        var own = covered;
        for (var around = candidate.ContextMatched; around != 0; around &= around - 1)
        {
            covered += SurroundingShare * idf[BitOperations.TrailingZeroCount(around)];
        }

        var text = candidate.Chunk.Chunk.Text;
        candidate.Coverage = covered / mass;
        candidate.Cue = AnswerCues.Strength(
            profile.Type, text, candidate.Span.Start, candidate.Span.End, candidate.ChunkTokens, candidate.TokenFrom, candidate.TokenTo, profile);
        var proximity = 0.8 + (0.2 * Proximity(candidate));
        var meaning = Math.Max(0, candidate.Similarity ?? 0);
        var factors = CueFactor(profile.Type, candidate.Cue)
            * LengthFactor(CountWords(text, candidate.Span))
            * (EndsWithColon(text, candidate.Span) ? LeadInFactor : 1)
            / (1 + (0.05 * candidate.ChunkOrder));
        candidate.LexicalScore = candidate.Coverage * proximity * factors;
        candidate.Score = (((1 - meaningWeight) * candidate.Coverage * proximity) + (meaningWeight * meaning)) * factors;
        candidate.OwnScore = (((1 - meaningWeight) * (own / mass) * proximity) + (meaningWeight * meaning)) * factors;
    }

    /// <summary>
    /// (k + 1) / (w + 1) for the smallest window of w token positions holding all k distinct matched terms:
    /// 1 when they are adjacent (or only one term matched), smaller as they spread out.
    /// </summary>
    internal static double Proximity(CandidateSentence candidate)
    {
        var hits = candidate.Hits;
        var distinct = BitOperations.PopCount(candidate.Matched);
        if (distinct <= 1)
        {
            return 1;
        }

        var counts = new Dictionary<int, int>();
        var window = int.MaxValue;
        var left = 0;
        for (var right = 0; right < hits.Count; right++)
        {
            counts[hits[right].Term] = counts.GetValueOrDefault(hits[right].Term) + 1;
            while (counts.Count == distinct)
            {
                window = Math.Min(window, hits[right].Position - hits[left].Position + 1);
                var term = hits[left].Term;
                if (--counts[term] == 0)
                {
                    counts.Remove(term);
                }

                left++;
            }
        }

        return (distinct + 1.0) / (window + 1.0);
    }

    private static double CueFactor(QuestionType type, double cue) => type switch
    {
        QuestionType.General => 1,
        QuestionType.Reason or QuestionType.Definition => 0.85 + (0.15 * cue),
        _ => 0.65 + (0.35 * cue),
    };

    /// <summary>Fragments (under 4 words) and very long sentences (over 40 words) are worth less.</summary>
    internal static double LengthFactor(int words) => words switch
    {
        <= 2 => 0.4,
        3 => 0.7,
        <= 40 => 1,
        _ => Math.Max(0.5, Math.Sqrt(40.0 / words)),
    };

    /// <summary>A lead-in such as "Installing the driver:" introduces an answer rather than giving one.</summary>
    private static bool EndsWithColon(string text, SentenceSpan span) => span.Length > 0 && text[span.End - 1] == ':';

    /// <summary>
    /// The words of a sentence: runs of letters and digits; in scripts written without spaces between words (Han, kana,
    /// Thai, Lao, Khmer, Myanmar) one word per two characters (a Chinese word averages under two characters), so a
    /// 40-character Chinese sentence counts as 20 words rather than as the single "word" between its punctuation.
    /// </summary>
    internal static int CountWords(string text, SentenceSpan span)
    {
        var words = 0;
        var unspaced = 0;
        var inWord = false;
        for (var i = span.Start; i < span.End; i++)
        {
            var c = text[i];
            if (ScriptRanges.IsWrittenWithoutSpaces(c))
            {
                unspaced++;
                inWord = false;
                continue;
            }

            var isWordChar = char.IsLetterOrDigit(c);
            if (isWordChar && !inWord)
            {
                words++;
            }

            inWord = isWordChar;
        }

        return words + ((unspaced + 1) / 2);
    }

    /// <summary>Best score first; ties by chunk order, then by position in the chunk.</summary>
    private static int CompareByScore(CandidateSentence a, CandidateSentence b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byChunk = a.ChunkOrder.CompareTo(b.ChunkOrder);
        return byChunk != 0 ? byChunk : a.Span.Start.CompareTo(b.Span.Start);
    }

    /// <summary>
    /// The best sentence, then up to <paramref name="maxSentences"/> - 1 more that either score close to it
    /// (and, for a typed question the best answers with a cue, carry the cue too) or hold content terms (not
    /// mere answer-type words) not yet covered, from the same document; near-duplicates are skipped. The best sentence comes first in the result.
    /// </summary>
    private static List<CandidateSentence> ChooseSentences(
        CandidateSentence best,
        List<CandidateSentence> ranked,
        List<CandidateSentence> steps,
        QuestionProfile profile,
        int maxSentences)
    {
        var chosen = new List<CandidateSentence> { best };
        chosen.AddRange(steps);
        var chosenTerms = chosen.Select(c => c.Terms()).ToList();
        var covered = best.Matched;
        var cueMatters = profile.Type != QuestionType.General && best.Cue >= 0.5;
        foreach (var candidate in ranked)
        {
            if (chosen.Count == maxSentences)
            {
                break;
            }

            if (chosen.Contains(candidate))
            {
                continue;
            }

            // From another document, a sentence must match the question at least as fully as the best one.
            var sameDocument = candidate.Chunk.Document.Id == best.Chunk.Document.Id;
            var strong = candidate.OwnScore >= StrongShare * best.Score && (!cueMatters || candidate.Cue >= 0.5)
                && (sameDocument || candidate.Coverage >= best.Coverage);
            // A weaker sentence that only completes the coverage must come from the best sentence's document:
            // stitching a stray term from another file onto an answer reads as a non sequitur.
            var adds = (candidate.Matched & profile.ContentMask & ~covered) != 0 && candidate.OwnScore >= AddingShare * best.Score
                && sameDocument;
            // One coherent region: beyond the best sentence's passage, only a sentence of the same document that
            // is strong on its own joins; a sentence that merely completes the coverage must share the passage.
            if (candidate.ChunkOrder != best.ChunkOrder)
            {
                adds = false;
                strong &= sameDocument;
            }

            if (!strong && !adds)
            {
                continue;
            }

            var terms = candidate.Terms();
            if (chosen.Where((c, i) => IsNearDuplicate(c, chosenTerms[i], candidate, terms)).Any())
            {
                continue;
            }

            chosen.Add(candidate);
            chosenTerms.Add(terms);
            covered |= candidate.Matched;
        }

        return Order(chosen, profile.Type == QuestionType.Procedure);
    }

    /// <summary>
    /// Chunks in the order of their best chosen sentence, sentences in text order within a chunk; except that,
    /// unless <paramref name="readingOrder"/> (steps of a procedure keep their order), the best sentence leads.
    /// </summary>
    private static List<CandidateSentence> Order(List<CandidateSentence> chosen, bool readingOrder)
    {
        var chunkRank = new Dictionary<int, int>();
        foreach (var c in chosen)
        {
            chunkRank.TryAdd(c.ChunkOrder, chunkRank.Count);
        }

        var lead = readingOrder ? null : chosen[0];
        return [.. chosen.OrderBy(c => ReferenceEquals(c, lead) ? 0 : 1).ThenBy(c => chunkRank[c.ChunkOrder]).ThenBy(c => c.Span.Start)];
    }

    /// <summary>
    /// What must follow the best sentence: when it ends with ':' (it introduces a command, code or a list), the next
    /// sentence of its chunk; for a how-to question answered by a list item, the list items right after it in the same
    /// chunk (the next steps), as many as the sentence budget leaves.
    /// </summary>
    private static List<CandidateSentence> FollowingSteps(CandidateSentence best, List<CandidateSentence> candidates, QuestionProfile profile, int maxSentences)
    {
        var steps = new List<CandidateSentence>();
        var text = best.Chunk.Chunk.Text;
        var at = candidates.IndexOf(best);

        // A sentence that introduces what follows ("run:", "as follows:") means nothing without it: the next sentence
        // of the same passage (the command, the code line, the first item) comes along whatever its own score.
        if (best.Text.TrimEnd().EndsWith(':') && maxSentences > 1 && at + 1 < candidates.Count && candidates[at + 1].ChunkOrder == best.ChunkOrder)
        {
            steps.Add(candidates[at + 1]);
        }

        if (profile.Type != QuestionType.Procedure || !AnswerCues.IsListItem(text, best.Span.Start, best.Span.End))
        {
            return steps;
        }

        for (var i = at + 1 + steps.Count; i < candidates.Count && steps.Count < maxSentences - 1; i++)
        {
            var next = candidates[i];
            if (next.ChunkOrder != best.ChunkOrder || !AnswerCues.IsListItem(text, next.Span.Start, next.Span.End))
            {
                break;
            }

            steps.Add(next);
        }

        return steps;
    }

    /// <summary>
    /// Two sentences are near-duplicates when one's terms are (almost) all in the other (at least 85% of the
    /// smaller set); sentences of one or two terms only when their text is the same.
    /// </summary>
    private static bool IsNearDuplicate(CandidateSentence a, HashSet<string> aTerms, CandidateSentence b, HashSet<string> bTerms)
    {
        if (aTerms.Count <= 2 || bTerms.Count <= 2)
        {
            return string.Equals(Collapse(a.Text), Collapse(b.Text), StringComparison.OrdinalIgnoreCase);
        }

        var (small, large) = aTerms.Count <= bTerms.Count ? (aTerms, bTerms) : (bTerms, aTerms);
        var shared = small.Count(large.Contains);
        return shared >= 0.85 * small.Count;
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static Answer Compose(string question, List<CandidateSentence> chosen)
    {
        var text = new StringBuilder();
        var citations = new List<Citation>(chosen.Count);
        foreach (var sentence in chosen)
        {
            var chunk = sentence.Chunk.Chunk;
            var quote = sentence.Text;
            var index = citations.Count + 1;
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(quote).Append(" [").Append(index).Append(']');
            citations.Add(new Citation(
                index,
                chunk.Id,
                chunk.DocumentId,
                sentence.Chunk.Document.Source,
                sentence.Chunk.Document.Title,
                chunk.Page,
                chunk.HeadingPath,
                quote,
                new TextSpan(chunk.Span.Start + sentence.Span.Start, sentence.Span.Length),
                chunk.Text,
                sentence.Chunk.Document.ShownSource)
            {
                Region = chunk.Region,
            });
        }

        // A quoted passage that addresses the model may be a planted instruction: it is never quoted without saying so.
        var warnings = citations
            .Select(c => Safety.InjectionCaution.For(c.Index, c.ShownSource, c.HeadingPath, c.ChunkText))
            .OfType<string>()
            .ToList();
        return new Answer(question, Safety.InjectionCaution.Prefix(warnings, text.ToString()), true, citations, []) { Warnings = warnings };
    }

    private Answer NotFound(string question, IReadOnlyList<RetrievedChunk> context, double confidence, IReadOnlyDictionary<string, double>? evidence) =>
        new(question, Answer.NotFoundText, false, [], [.. context.Take(_closestPassages)]) { Confidence = confidence, ConfidenceEvidence = evidence };
}
