namespace Docent.OnnxFixtureBuilder;

/// <summary>
/// SplitMix64 with uniform floats made from integer bits only, so the weights are identical on every
/// machine and runtime (no transcendental functions). Not thread-safe.
/// </summary>
internal sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>Uniform in [-scale, scale).</summary>
    public float NextUniform(float scale)
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        var unit = (float)(z >> 40) / (1 << 24); // 24 random bits: [0, 1)
        return ((2 * unit) - 1) * scale;
    }

    /// <summary><paramref name="count"/> uniform values in [center - scale, center + scale).</summary>
    public float[] Uniform(int count, float scale, float center = 0)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = center + NextUniform(scale);
        }

        return values;
    }
}
