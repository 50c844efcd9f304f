using System.Globalization;

namespace Docent.Generation;

/// <summary>
/// How <see cref="TokenSampler"/> picks tokens, with llama.cpp's meanings: repetition penalty over the last
/// <see cref="RepeatLastN"/> tokens, then top-k, top-p and min-p on the penalised logits, then temperature and a
/// seeded draw (temperature 0: argmax of the penalised logits). Defaults switch every filter off. Plain options;
/// call <see cref="Validate"/> before use; not thread-safe to mutate.
/// </summary>
public sealed class SamplingOptions
{
    /// <summary>Softmax temperature; 0 means greedy (argmax).</summary>
    public float Temperature { get; set; }

    /// <summary>Keep only the <see cref="TopK"/> most likely tokens; 0 keeps all.</summary>
    public int TopK { get; set; }

    /// <summary>Keep the most likely tokens whose probabilities sum to at least <see cref="TopP"/>; 1 keeps all.</summary>
    public float TopP { get; set; } = 1f;

    /// <summary>Drop tokens whose probability is below <see cref="MinP"/> times the top token's; 0 keeps all.</summary>
    public float MinP { get; set; }

    /// <summary>
    /// Penalty for tokens among the last <see cref="RepeatLastN"/>: positive logits are divided by it, negative ones
    /// multiplied; 1 means no penalty.
    /// </summary>
    public float RepeatPenalty { get; set; } = 1f;

    /// <summary>How many recent tokens <see cref="RepeatPenalty"/> looks at.</summary>
    public int RepeatLastN { get; set; } = 64;

    /// <summary>Seed of the random draws; null picks one at random.</summary>
    public int? Seed { get; set; }

    /// <summary>A copy (options are never mutated on a caller's behalf).</summary>
    public SamplingOptions Clone() => (SamplingOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        Require(nameof(Temperature), Temperature >= 0 && float.IsFinite(Temperature), Temperature, "0 or more");
        Require(nameof(TopK), TopK >= 0, TopK, "0 (off) or more");
        Require(nameof(TopP), TopP > 0 && TopP <= 1, TopP, "in (0, 1]");
        Require(nameof(MinP), MinP >= 0 && MinP < 1, MinP, "in [0, 1)");
        Require(nameof(RepeatPenalty), RepeatPenalty > 0 && float.IsFinite(RepeatPenalty), RepeatPenalty, "positive (1: off)");
        Require(nameof(RepeatLastN), RepeatLastN >= 0, RepeatLastN, "0 or more");
    }

    private static void Require(string name, bool ok, double value, string range)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Sampling {name} is {value}; it must be {range}."));
        }
    }
}
