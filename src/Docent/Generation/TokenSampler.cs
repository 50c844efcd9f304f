using System.Numerics.Tensors;

namespace Docent.Generation;

/// <summary>
/// Picks the next token from logits: argmax at temperature 0, otherwise a draw from softmax(logits / temperature)
/// with a seeded <see cref="Random"/>. Holds the random state: not thread-safe.
/// </summary>
public sealed class TokenSampler
{
    private readonly Random _random;
    private float[] _probabilities = [];

    /// <summary>Creates a sampler; <paramref name="temperature"/> 0 means greedy.</summary>
    public TokenSampler(float temperature, int seed)
    {
        if (!(temperature >= 0) || float.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be 0 or positive.");
        }

        Temperature = temperature;
        _random = new Random(seed);
    }

    /// <summary>The sampling temperature (0: greedy).</summary>
    public float Temperature { get; }

    /// <summary>The chosen token id.</summary>
    public int Sample(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("No logits to sample from.", nameof(logits));
        }

        if (Temperature == 0)
        {
            return TensorPrimitives.IndexOfMax(logits);
        }

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
}
