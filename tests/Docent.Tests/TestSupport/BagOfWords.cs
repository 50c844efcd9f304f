namespace Docent.Tests.TestSupport;

/// <summary>A bag-of-words stand-in for an embedding model: each lower-cased word adds 1 to a hashed dimension, so texts sharing words are close. Static; thread-safe.</summary>
public static class BagOfWords
{
    /// <summary>The vector of <paramref name="text"/> in <paramref name="dimensions"/> dimensions.</summary>
    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', '\n', '.', ',', ':', ';', '?', '!', '(', ')', '|'], StringSplitOptions.RemoveEmptyEntries))
        {
            // A stable hash (FNV-1a): string.GetHashCode is randomised per process, which made the words that collide,
            // and so the ranking, differ from run to run.
            var hash = 2166136261u;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619u;
            }

            vector[(int)(hash % (uint)dimensions)] += 1;
        }

        return vector;
    }
}
