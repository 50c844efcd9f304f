namespace Docent.Retrieval;

/// <summary>
/// The plain reference scorer: the BM25F formula written out directly over the same postings, recomputing N,
/// df and average lengths from scratch, with a dictionary of scores. Tests check the fast path against it.
/// </summary>
public sealed partial class Bm25Index
{
    /// <summary>Every chunk with a positive score for <paramref name="query"/>, by key.</summary>
    internal Dictionary<long, double> ReferenceScores(string query)
    {
        var queryFrequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in analyzer.Analyze(query))
        {
            queryFrequencies[token.Term] = queryFrequencies.GetValueOrDefault(token.Term) + 1;
        }

        gate.EnterReadLock();
        try
        {
            int n = 0;
            long titleSum = 0, headingsSum = 0, bodySum = 0;
            for (int d = 0; d < docCount; d++)
            {
                if (!IsDead(d))
                {
                    n++;
                    titleSum += titleLengths[d];
                    headingsSum += headingLengths[d];
                    bodySum += bodyLengths[d];
                }
            }

            double titleAverage = n > 0 ? (double)titleSum / n : 0;
            double headingsAverage = n > 0 ? (double)headingsSum / n : 0;
            double bodyAverage = n > 0 ? (double)bodySum / n : 0;
            double k1 = options.K1;

            var scores = new Dictionary<long, double>();
            foreach ((string term, int queryFrequency) in queryFrequencies)
            {
                if (!termIds.TryGetValue(term, out int id))
                {
                    continue;
                }

                var live = new List<Bm25Posting>();
                for (int i = 0; i < postingCounts[id]; i++)
                {
                    if (!IsDead(postings[id][i].Doc))
                    {
                        live.Add(postings[id][i]);
                    }
                }

                if (live.Count == 0)
                {
                    continue;
                }

                double idf = Math.Log(1 + ((n - live.Count + 0.5) / (live.Count + 0.5)));
                foreach (Bm25Posting posting in live)
                {
                    int d = posting.Doc;
                    double weighted =
                        WeightedFrequency(posting.TitleTf, options.TitleWeight, titleLengths[d], titleAverage)
                        + WeightedFrequency(posting.HeadingsTf, options.HeadingsWeight, headingLengths[d], headingsAverage)
                        + WeightedFrequency(posting.BodyTf, options.BodyWeight, bodyLengths[d], bodyAverage);
                    if (weighted <= 0)
                    {
                        continue;
                    }

                    double score = queryFrequency * idf * weighted * (k1 + 1) / (k1 + weighted);
                    scores[keys[d]] = scores.GetValueOrDefault(keys[d]) + score;
                }
            }

            return scores;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private double WeightedFrequency(int tf, double weight, int length, double average)
    {
        if (tf == 0)
        {
            return 0;
        }

        double ratio = average > 0 ? length / average : 0;
        return weight * tf / (1 - options.B + (options.B * ratio));
    }
}
