using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

/// <summary>Seeded random chunks and queries over a skewed vocabulary, for comparing index paths.</summary>
internal sealed class RandomCorpus(int seed, int vocabulary = 400)
{
    private readonly Random _random = new(seed);

    public Dictionary<long, LexicalDocument> Documents { get; } = [];

    /// <summary>A word; low numbers are much more frequent than high ones (roughly Zipf-like).</summary>
    public string Word() => "w" + (int)(vocabulary * Math.Pow(_random.NextDouble(), 3));

    public string Words(int min, int max) =>
        string.Join(' ', Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => Word()));

    public LexicalDocument NewDocument(long key) => new(key, Words(1, 6), Words(0, 8), Words(3, 120));

    /// <summary>A new chunk under a fresh random key (keys are spread over the whole long range).</summary>
    public LexicalDocument AddNew(ILexicalIndex index)
    {
        long key;
        do
        {
            key = _random.NextInt64(long.MinValue, long.MaxValue);
        }
        while (Documents.ContainsKey(key));

        return Put(index, NewDocument(key));
    }

    public LexicalDocument Put(ILexicalIndex index, LexicalDocument document)
    {
        index.Upsert(document);
        Documents[document.Key] = document;
        return document;
    }

    public long AnyKey() => Documents.Keys.ElementAt(_random.Next(Documents.Count));

    /// <summary>Random edits: removals, replacements of existing chunks and new chunks.</summary>
    public void Churn(ILexicalIndex index, int operations)
    {
        for (int i = 0; i < operations; i++)
        {
            double roll = _random.NextDouble();
            if (roll < 0.4 && Documents.Count > 0)
            {
                long key = AnyKey();
                Assert.True(index.Remove(key));
                Documents.Remove(key);
            }
            else if (roll < 0.7 && Documents.Count > 0)
            {
                Put(index, NewDocument(AnyKey()));
            }
            else
            {
                AddNew(index);
            }
        }
    }

    /// <summary>Queries of one to five words, some repeating a word, some with words no chunk has.</summary>
    public List<string> Queries(int count)
    {
        var queries = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            string query = Words(1, 5);
            double roll = _random.NextDouble();
            if (roll < 0.15)
            {
                query += " " + query.Split(' ')[0];
            }
            else if (roll < 0.25)
            {
                query += " unknownterm";
            }

            queries.Add(query);
        }

        return queries;
    }
}
