using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// The peer: Lucene.NET 4.8 with its EnglishAnalyzer and BM25Similarity (Docent's k1 and b), one body field, in an
/// MMapDirectory force-merged to one segment; a query is a BooleanQuery of SHOULD TermQuerys of its analysed terms,
/// so both engines run the same disjunctive top 10. Not thread-safe.
/// </summary>
internal sealed class LuceneLexicalEngine(double k1, double b) : ILexicalBenchEngine
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string Body = "body";
    private const string Key = "key";
    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private readonly BM25Similarity _similarity = new((float)k1, (float)b);
    private MMapDirectory? _directory;
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;
    private NumericDocValues? _keys;

    public string Name => "lucene";

    public string Settings => $"Lucene.NET 4.8.0-beta00017, EnglishAnalyzer, BM25Similarity k1 {k1}, b {b}, body field only, MMapDirectory, 1 segment, BooleanQuery of SHOULD TermQuerys";

    public void Build(IReadOnlyList<string> documents, string folder, CancellationToken cancellationToken)
    {
        using var directory = new MMapDirectory(new DirectoryInfo(folder));
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = _similarity, OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(directory, config))
        {
            var body = new TextField(Body, "", Field.Store.NO);
            var key = new NumericDocValuesField(Key, 0);
            var document = new LuceneDocument { body, key };
            for (int i = 0; i < documents.Count; i++)
            {
                if (i % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                body.SetStringValue(documents[i]);
                key.SetInt64Value(i);
                writer.AddDocument(document);
            }

            writer.ForceMerge(1);
            writer.Commit();
        }
    }

    public void Open(string folder)
    {
        _directory = new MMapDirectory(new DirectoryInfo(folder));
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = _similarity };
    }

    public int Search(string query) => Searcher.Search(Parse(query), LexicalIndexBenchmark.Top).ScoreDocs.Length;

    public long[] TopKeys(string query)
    {
        _keys ??= MultiDocValues.GetNumericValues(_reader, Key) ?? throw new InvalidOperationException("The Lucene index has no keys.");
        return [.. Searcher.Search(Parse(query), LexicalIndexBenchmark.Top).ScoreDocs.Select(d => _keys.Get(d.Doc))];
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _directory?.Dispose();
        _analyzer.Dispose();
    }

    private IndexSearcher Searcher => _searcher ?? throw new InvalidOperationException("Open the index first.");

    private BooleanQuery Parse(string text)
    {
        var query = new BooleanQuery();
        using var stream = _analyzer.GetTokenStream(Body, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            query.Add(new TermQuery(new Term(Body, term.ToString())), Occur.SHOULD);
        }

        stream.End();
        return query;
    }
}
