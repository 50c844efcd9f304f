using System.Text;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// A synthetic corpus for <see cref="LexicalIndexBenchmark"/>: documents of <see cref="MinWords"/>–<see cref="MaxWords"/>
/// words drawn from a Zipf distribution (exponent <see cref="Exponent"/>) over a vocabulary of generated pseudo-words,
/// and queries of 2–4 distinct words from the same distribution that skip the <see cref="SkippedTopWords"/> most frequent
/// words. Pseudo-words are consonant–vowel syllables with the vowels a, o, u only, so no English stemmer or stop list
/// changes them. Everything is a pure function of the seed. Thread-safe (immutable after construction).
/// </summary>
public sealed class ZipfCorpus
{
    /// <summary>Words in the default vocabulary.</summary>
    public const int DefaultVocabulary = 1_000_000;

    /// <summary>The Zipf exponent s: the word of rank r has probability ∝ 1 / r^s.</summary>
    public const double Exponent = 1.0;

    /// <summary>Fewest words in a document.</summary>
    public const int MinWords = 50;

    /// <summary>Most words in a document.</summary>
    public const int MaxWords = 250;

    /// <summary>The most frequent words that queries never use (they would match most documents).</summary>
    public const int SkippedTopWords = 100;

    private const string Consonants = "bdfgklmnprstvz";
    private const string Vowels = "aou";
    private static readonly int Syllables = Consonants.Length * Vowels.Length;

    private readonly double[] _cumulative;
    private readonly int _seed;

    /// <summary>A corpus of <paramref name="vocabulary"/> words whose documents and queries follow <paramref name="seed"/>.</summary>
    public ZipfCorpus(int seed, int vocabulary = DefaultVocabulary)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabulary, SkippedTopWords + 10);
        _seed = seed;
        _cumulative = new double[vocabulary];
        double sum = 0;
        for (int rank = 0; rank < vocabulary; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, Exponent);
            _cumulative[rank] = sum;
        }
    }

    /// <summary>Words in the vocabulary.</summary>
    public int Vocabulary => _cumulative.Length;

    /// <summary>The pseudo-word of a 0-based frequency rank: two syllables or more, distinct for every rank.</summary>
    public static string Word(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        // Ranks are numbered by length first: all two-syllable words, then all three-syllable words, …
        long remaining = rank;
        int length = 2;
        long block = (long)Syllables * Syllables;
        while (remaining >= block)
        {
            remaining -= block;
            length++;
            block *= Syllables;
        }

        var text = new char[length * 2];
        for (int i = length - 1; i >= 0; i--)
        {
            int syllable = (int)(remaining % Syllables);
            remaining /= Syllables;
            text[i * 2] = Consonants[syllable / Vowels.Length];
            text[(i * 2) + 1] = Vowels[syllable % Vowels.Length];
        }

        return new string(text);
    }

    /// <summary>The text of document <paramref name="index"/>: words separated by single spaces.</summary>
    public string Document(int index)
    {
        var random = new Random(Mix(_seed, index));
        int words = random.Next(MinWords, MaxWords + 1);
        var text = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            text.Append(Word(SampleRank(random)));
        }

        return text.ToString();
    }

    /// <summary>The texts of documents 0 to <paramref name="count"/> − 1.</summary>
    public string[] Documents(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var documents = new string[count];
        for (int i = 0; i < count; i++)
        {
            documents[i] = Document(i);
        }

        return documents;
    }

    /// <summary><paramref name="count"/> queries of 2–4 distinct words, none among the <see cref="SkippedTopWords"/> most frequent.</summary>
    public string[] Queries(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(Mix(_seed, -1));
        var queries = new string[count];
        var ranks = new List<int>(4);
        for (int q = 0; q < count; q++)
        {
            int words = random.Next(2, 5);
            ranks.Clear();
            while (ranks.Count < words)
            {
                int rank = SampleRank(random);
                if (rank >= SkippedTopWords && !ranks.Contains(rank))
                {
                    ranks.Add(rank);
                }
            }

            queries[q] = string.Join(' ', ranks.Select(Word));
        }

        return queries;
    }

    // A seed for each document and one for the queries; HashCode.Combine would differ from one process to the next.
    private static int Mix(int seed, int stream)
    {
        ulong x = unchecked(((ulong)(uint)seed << 32) | (uint)stream);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(x ^ (x >> 31))) & int.MaxValue;
    }

    /// <summary>A 0-based rank drawn from the Zipf distribution.</summary>
    internal int SampleRank(Random random)
    {
        double target = random.NextDouble() * _cumulative[^1];
        int found = Array.BinarySearch(_cumulative, target);
        int rank = found >= 0 ? found : ~found;
        return Math.Min(rank, _cumulative.Length - 1);
    }
}
