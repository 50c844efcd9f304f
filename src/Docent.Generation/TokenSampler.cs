using System.Numerics.Tensors;

namespace Docent.Generation;

/// <summary>
/// Picks the next token from logits as <see cref="SamplingOptions"/> say: repetition penalty over recent tokens,
/// then top-k, top-p and min-p (computed on the penalised logits, before temperature, as llama.cpp orders them),
/// then argmax at temperature 0 or a draw from softmax(logits / temperature) with a seeded <see cref="Random"/>.
/// With every filter off it is exactly the plain temperature sampler. Holds the random state and scratch buffers:
/// not thread-safe.
/// </summary>
public sealed class TokenSampler
{
    private readonly Random _random;
    private readonly SamplingOptions _options;
    private float[] _probabilities = [];
    private float[] _logits = [];
    private int[] _candidates = [];
    private readonly HashSet<int> _penalised = [];

    /// <summary>Creates a plain sampler; <paramref name="temperature"/> 0 means greedy.</summary>
    public TokenSampler(float temperature, int seed)
        : this(new SamplingOptions { Temperature = temperature, Seed = seed })
    {
    }

    /// <summary>Creates a sampler with <paramref name="options"/> (copied).</summary>
    public TokenSampler(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Temperature >= 0) || float.IsInfinity(options.Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "The temperature must be 0 or positive.");
        }

        options.Validate();
        _options = options.Clone();
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>The sampling temperature (0: greedy).</summary>
    public float Temperature => _options.Temperature;

    /// <summary>The options this sampler follows (a copy; do not change).</summary>
    public SamplingOptions Options => _options;

    /// <summary>The chosen token id.</summary>
    public int Sample(ReadOnlySpan<float> logits) => Sample(logits, []);

    /// <summary>
    /// The chosen token id; <paramref name="history"/> is the sequence so far (prompt and generated tokens), of which
    /// the last <see cref="SamplingOptions.RepeatLastN"/> are penalised.
    /// </summary>
    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<int> history)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("No logits to sample from.", nameof(logits));
        }

        var penalise = _options.RepeatPenalty != 1f && _options.RepeatLastN > 0 && !history.IsEmpty;
        var filter = (_options.TopK > 0 && _options.TopK < logits.Length) || _options.TopP < 1f || _options.MinP > 0f;
        if (!penalise && !filter)
        {
            return Temperature == 0 ? TensorPrimitives.IndexOfMax(logits) : DrawAll(logits);
        }

        if (_logits.Length != logits.Length)
        {
            _logits = new float[logits.Length];
        }

        logits.CopyTo(_logits);
        if (penalise)
        {
            ApplyRepeatPenalty(_logits, history[Math.Max(0, history.Length - _options.RepeatLastN)..], _options.RepeatPenalty, _penalised);
        }

        if (Temperature == 0)
        {
            return TensorPrimitives.IndexOfMax(_logits);
        }

        if (!filter)
        {
            return DrawAll(_logits);
        }

        var count = Filter(_logits);
        return Draw(_logits, _candidates.AsSpan(0, count));
    }

    /// <summary>
    /// llama.cpp's repetition penalty: each distinct token of <paramref name="recent"/> has a positive logit divided
    /// by <paramref name="penalty"/> and a negative one multiplied by it.
    /// </summary>
    public static void ApplyRepeatPenalty(Span<float> logits, ReadOnlySpan<int> recent, float penalty) =>
        ApplyRepeatPenalty(logits, recent, penalty, []);

    private static void ApplyRepeatPenalty(Span<float> logits, ReadOnlySpan<int> recent, float penalty, HashSet<int> seen)
    {
        seen.Clear();
        foreach (var token in recent)
        {
            if ((uint)token >= (uint)logits.Length || !seen.Add(token))
            {
                continue;
            }

            logits[token] = logits[token] > 0 ? logits[token] / penalty : logits[token] * penalty;
        }
    }

    /// <summary>Fills <see cref="_candidates"/> with the ids that survive top-k, top-p and min-p, most likely first; returns how many.</summary>
    private int Filter(float[] logits)
    {
        var n = logits.Length;
        if (_candidates.Length != n)
        {
            _candidates = new int[n];
        }

        int count;
        if (_options.TopK > 0 && _options.TopK < n)
        {
            // A bounded min-heap keeps the k largest without sorting the whole vocabulary.
            var k = _options.TopK;
            var heap = new PriorityQueue<int, (float Logit, int NegId)>(k + 1);
            for (var i = 0; i < n; i++)
            {
                heap.Enqueue(i, (logits[i], -i));
                if (heap.Count > k)
                {
                    heap.Dequeue();
                }
            }

            count = k;
            for (var i = k - 1; i >= 0; i--)
            {
                _candidates[i] = heap.Dequeue();
            }
        }
        else
        {
            count = n;
            for (var i = 0; i < n; i++)
            {
                _candidates[i] = i;
            }

            if (_options.TopP < 1f)
            {
                SortDescending(logits, _candidates.AsSpan(0, count));
            }
        }

        var candidates = _candidates.AsSpan(0, count);
        if (_options.TopP < 1f)
        {
            // Probabilities over the remaining candidates at temperature 1, as llama.cpp's top-p computes them.
            var max = logits[candidates[0]];
            var sum = 0.0;
            foreach (var id in candidates)
            {
                sum += Math.Exp(logits[id] - max);
            }

            var cumulative = 0.0;
            var keep = count;
            for (var i = 0; i < count; i++)
            {
                cumulative += Math.Exp(logits[candidates[i]] - max) / sum;
                if (cumulative >= _options.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }

            count = keep;
        }

        if (_options.MinP > 0f)
        {
            // p_i ≥ minP·p_max  ⇔  logit_i ≥ max + ln(minP); the order of candidates need not be sorted here.
            var max = float.NegativeInfinity;
            for (var i = 0; i < count; i++)
            {
                max = Math.Max(max, logits[_candidates[i]]);
            }

            var threshold = max + MathF.Log(_options.MinP);
            var kept = 0;
            for (var i = 0; i < count; i++)
            {
                var id = _candidates[i];
                if (logits[id] >= threshold)
                {
                    _candidates[kept++] = id;
                }
            }

            count = kept;
        }

        return count;
    }

    private static void SortDescending(float[] logits, Span<int> ids) =>
        ids.Sort((a, b) => logits[b].CompareTo(logits[a]) is var c && c != 0 ? c : a.CompareTo(b));

    /// <summary>A draw from softmax(logits / T) over all ids (the original sampler, kept exactly).</summary>
    private int DrawAll(ReadOnlySpan<float> logits)
    {
        if (_probabilities.Length != logits.Length)
        {
            _probabilities = new float[logits.Length];
        }

        TensorPrimitives.Divide(logits, Temperature, _probabilities);
        TensorPrimitives.SoftMax(_probabilities, _probabilities);
        var r = _random.NextSingle();
        var cumulative = 0f;
        for (var i = 0; i < _probabilities.Length; i++)
        {
            cumulative += _probabilities[i];
            if (r < cumulative)
            {
                return i;
            }
        }

        return _probabilities.Length - 1;
    }

    /// <summary>A draw from softmax(logits / T) restricted to <paramref name="ids"/>.</summary>
    private int Draw(float[] logits, ReadOnlySpan<int> ids)
    {
        var max = float.NegativeInfinity;
        foreach (var id in ids)
        {
            max = Math.Max(max, logits[id]);
        }

        if (_probabilities.Length < ids.Length)
        {
            _probabilities = new float[logits.Length];
        }

        var weights = _probabilities.AsSpan(0, ids.Length);
        var sum = 0.0;
        for (var i = 0; i < ids.Length; i++)
        {
            weights[i] = MathF.Exp((logits[ids[i]] - max) / Temperature);
            sum += weights[i];
        }

        var r = _random.NextDouble() * sum;
        var cumulative = 0.0;
        for (var i = 0; i < ids.Length; i++)
        {
            cumulative += weights[i];
            if (r < cumulative)
            {
                return ids[i];
            }
        }

        return ids[^1];
    }
}
