namespace Docent.Retrieval;

/// <summary>RM3 pseudo-relevance feedback settings. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class FeedbackOptions
{
    /// <summary>Top chunks of the first pass taken as (pseudo-)relevant.</summary>
    public int Documents { get; set; } = 10;

    /// <summary>Expansion terms kept from the feedback model.</summary>
    public int Terms { get; set; } = 10;

    /// <summary>Weight of the original query in the interpolation (RM3's λ); 1 disables expansion.</summary>
    public double OriginalQueryWeight { get; set; } = 0.5;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Documents is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(Documents), Documents, "Documents must be between 1 and 1000.");
        }

        if (Terms is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(Terms), Terms, "Terms must be between 1 and 1000.");
        }

        if (double.IsNaN(OriginalQueryWeight) || OriginalQueryWeight is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(OriginalQueryWeight), OriginalQueryWeight, "OriginalQueryWeight must be between 0 and 1.");
        }
    }
}
