namespace Docent.Answering.Extractive;

/// <summary>
/// A question reduced to what the extractive generator scores with: its expected answer type and its
/// distinct content terms, each with a weight multiplier (1 for a content term, less for a word that only
/// restates the answer type, such as "year" in "what year"). Immutable.
/// </summary>
internal sealed class QuestionProfile
{
    public QuestionProfile(QuestionType type, IReadOnlyList<string> terms, IReadOnlyList<double> weights)
    {
        Type = type;
        Terms = terms;
        Weights = weights;
        var index = new Dictionary<string, int>(terms.Count, StringComparer.Ordinal);
        for (var i = 0; i < terms.Count; i++)
        {
            index[terms[i]] = i;
        }

        TermIndex = index;
        for (var i = 0; i < weights.Count && i < 64; i++)
        {
            if (weights[i] >= 1)
            {
                ContentMask |= 1UL << i;
            }
        }
    }

    /// <summary>The expected answer type.</summary>
    public QuestionType Type { get; }

    /// <summary>Distinct content terms, in question order.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Weight multiplier per term (same order as <see cref="Terms"/>).</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>Bit i set when term i is a full-weight content term (not a word restating the answer type).</summary>
    public ulong ContentMask { get; }

    /// <summary>Term → its index in <see cref="Terms"/>.</summary>
    public IReadOnlyDictionary<string, int> TermIndex { get; }
}
