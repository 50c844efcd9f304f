using System.Diagnostics;
using System.Numerics.Tensors;

namespace Docent.Models.Onnx;

/// <summary>
/// Distils a <see cref="StaticEmbeddingTable"/> from a transformer embedding model, Model2Vec-style: every vocabulary
/// token goes through the model once as <c>[CLS] token [SEP]</c> (mean-pooled, not normalised); the rows are centred
/// (the mean row removed, which takes away the direction every token shares, as PCA's centring does); each row is scaled
/// by a smooth-inverse-frequency weight <c>a / (a + p)</c> with a Zipf prior <c>p ∝ 1 / rank</c>. BERT WordPiece
/// vocabularies list words by frequency from "the" (id 1996) on; the ids before it (special tokens, single characters,
/// punctuation, <c>##x</c> pieces) count as the most frequent. Stateless and thread-safe.
/// </summary>
internal static class StaticEmbeddingDistiller
{
    /// <summary>The recipe's version; part of the table's key and of the static model's id, so a change re-embeds.</summary>
    public const int RecipeVersion = 1;

    /// <summary>Model2Vec's smooth-inverse-frequency coefficient.</summary>
    public const double SifCoefficient = 1e-4;

    /// <summary>Id of "the" in BERT uncased vocabularies: where frequency-ordered words begin.</summary>
    public const int FirstWordId = 1996;

    private const int BatchSize = 512;

    /// <summary>
    /// Runs <paramref name="tokenIds"/> (null: the whole vocabulary) through <paramref name="model"/> and builds the
    /// table; rows of tokens not distilled are zero. Reports "distilled N of M tokens" now and then.
    /// </summary>
    public static StaticEmbeddingTable Distill(
        OnnxEmbeddingGenerator model, string key, ulong vocabularyHash, IReadOnlyList<int>? tokenIds, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tokenizer = model.Tokenizer;
        var vocabularySize = tokenizer.VocabularySize;
        var ids = (tokenIds ?? Enumerable.Range(0, vocabularySize).ToArray()).Distinct().ToArray();
        if (ids.Any(id => id < 0 || id >= vocabularySize))
        {
            throw new ArgumentOutOfRangeException(nameof(tokenIds), $"Token ids must lie in [0, {vocabularySize}).");
        }

        var dimensions = model.Dimensions;
        var rows = new float[vocabularySize * dimensions];
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        for (var start = 0; start < ids.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = ids.AsSpan(start, Math.Min(BatchSize, ids.Length - start)).ToArray();
            var encodings = batch.Select(id => new BertEncoding([tokenizer.ClassificationTokenId, id, tokenizer.SeparatorTokenId], new long[3], truncated: false)).ToArray();
            var vectors = model.EmbedEncodings(encodings, normalize: false);
            for (var i = 0; i < batch.Length; i++)
            {
                vectors[i].CopyTo(rows.AsSpan(batch[i] * dimensions, dimensions));
            }

            var done = start + batch.Length;
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(2) || done == ids.Length)
            {
                lastReport = clock.Elapsed;
                progress?.Report($"distilled {done:N0} of {ids.Length:N0} tokens ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }

        // Centre over the distilled rows, then weight each by its Zipf prior.
        var mean = new float[dimensions];
        foreach (var id in ids)
        {
            TensorPrimitives.Add(mean, rows.AsSpan(id * dimensions, dimensions), mean);
        }

        TensorPrimitives.Divide(mean, ids.Length, mean);
        var weights = ZipfWeights(vocabularySize);
        foreach (var id in ids)
        {
            var row = rows.AsSpan(id * dimensions, dimensions);
            TensorPrimitives.Subtract(row, mean, row);
            TensorPrimitives.Multiply(row, (float)weights[id], row);
        }

        return new StaticEmbeddingTable(key, vocabularyHash, vocabularySize, dimensions, rows);
    }

    /// <summary>a / (a + p(rank)), p ∝ 1 / (rank + 2) over the vocabulary; ids before <see cref="FirstWordId"/> rank first.</summary>
    internal static double[] ZipfWeights(int vocabularySize)
    {
        var ranks = new double[vocabularySize];
        for (var id = 0; id < vocabularySize; id++)
        {
            ranks[id] = Math.Max(0, id - FirstWordId);
        }

        // Normalised over the distinct ranks, as if each rank were one token (Model2Vec's Zipf prior).
        var normaliser = Enumerable.Range(0, Math.Max(1, vocabularySize - FirstWordId)).Sum(r => 1.0 / (r + 2));
        return ranks.Select(r => SifCoefficient / (SifCoefficient + (1.0 / (r + 2) / normaliser))).ToArray();
    }
}
