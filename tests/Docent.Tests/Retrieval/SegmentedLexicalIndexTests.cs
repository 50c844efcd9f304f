using Docent.Retrieval;
using Docent.Retrieval.Segments;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Retrieval;

/// <summary>
/// The segmented, memory-mapped index returns exactly what the in-memory <see cref="Bm25Index"/> returns — keys, order
/// and scores to the bit — through upserts, removals, spills, saves, merges and reopening; and its files behave under
/// damage and concurrent readers.
/// </summary>
public sealed class SegmentedLexicalIndexTests
{
    private static readonly int[] Tops = [1, 10, 100];

    public static TheoryData<int, string> Cases => new()
    {
        { 1, "default" },
        { 2, "default" },
        { 3, "no title weight" },
        { 4, "k1 zero" },
        { 5, "full length normalisation" },
    };

    private static Bm25Options Options(string name) => name switch
    {
        "no title weight" => new Bm25Options { TitleWeight = 0 },
        "k1 zero" => new Bm25Options { K1 = 0 },
        "full length normalisation" => new Bm25Options { B = 1, HeadingsWeight = 0 },
        _ => new Bm25Options(),
    };

    private static void AssertSame(IReadOnlyList<ScoredKey> expected, IReadOnlyList<ScoredKey> actual, string label)
    {
        Assert.True(
            expected.SequenceEqual(actual),
            $"{label}: expected [{string.Join(", ", expected.Take(5))}...] ({expected.Count}), got [{string.Join(", ", actual.Take(5))}...] ({actual.Count}).");
    }

    private static void AssertAgree(Bm25Index reference, SegmentedLexicalIndex segmented, IEnumerable<string> queries)
    {
        Assert.Equal(reference.Count, segmented.Count);
        Assert.Equal(reference.LanguageCounts.OrderBy(p => p.Key), segmented.LanguageCounts.OrderBy(p => p.Key));
        foreach (string query in queries)
        {
            foreach (int top in Tops)
            {
                var expected = reference.Search(query, new LexicalSearchOptions { Top = top });
                AssertSame(expected, segmented.Search(query, new LexicalSearchOptions { Top = top }), $"'{query}' top {top}");
                AssertSame(expected, segmented.Search(query, top, SegmentedLexicalIndex.SegmentSearchStrategy.Exhaustive), $"'{query}' top {top} exhaustive");
            }
        }
    }

    /// <summary>Holds the segmented index under test, which a reopened one replaces.</summary>
    private sealed class Holder
    {
        public required SegmentedLexicalIndex Segmented { get; set; }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MatchesTheInMemoryIndexThroughSpillsSavesMergesAndReopening(int seed, string options)
    {
        using var dir = new TempDirectory();
        string manifest = Path.Combine(dir.Path, "lexical.idx");
        var bm25 = Options(options);
        var mirror = new Holder { Segmented = new SegmentedLexicalIndex(new FakeAnalyzer(), Path.Combine(dir.Path, "segments"), bm25) { SpillPostings = 2_000 } };
        using var reference = new Bm25Index(new FakeAnalyzer(), bm25);
        var corpus = new RandomCorpus(seed, vocabulary: 300);
        var random = new Random(seed);

        var checkedReference = new BothIndexes(reference, mirror);
        for (int i = 0; i < 600; i++)
        {
            if (i > 10 && random.NextDouble() < 0.3)
            {
                // Copies of earlier chunks under new keys, so scores tie.
                var original = corpus.Documents[corpus.AnyKey()];
                corpus.Put(checkedReference, original with { Key = random.NextInt64(long.MinValue, long.MaxValue) });
            }
            else
            {
                corpus.AddNew(checkedReference);
            }
        }

        var queries = corpus.Queries(40);
        queries.Add("w0 w1 w2 w3 w4 w5");
        queries.Add("w299 w0 nosuchterm w298");
        AssertAgree(reference, mirror.Segmented, queries);

        for (int round = 0; round < 14; round++)
        {
            corpus.Churn(checkedReference, 60);
            if (round % 2 == 0 || round % 5 == 4)
            {
                await mirror.Segmented.SaveAsync(manifest, round);
            }

            if (round % 5 == 4)
            {
                var reopened = SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer(), bm25, out long watermark, Path.Combine(dir.Path, "segments"));
                Assert.NotNull(reopened);
                Assert.Equal(round, watermark);
                mirror.Segmented.Dispose();
                mirror.Segmented = reopened;
            }

            AssertAgree(reference, mirror.Segmented, corpus.Queries(12));
        }

        Assert.True(mirror.Segmented.SegmentCount > 0);
        mirror.Segmented.Dispose();
    }

    /// <summary>Routes the corpus's edits to the case's reference and to the segmented index.</summary>
    private sealed class BothIndexes(Bm25Index reference, Holder mirror) : ILexicalIndex
    {
        public int Count => reference.Count;

        public void Upsert(LexicalDocument document)
        {
            reference.Upsert(document);
            mirror.Segmented.Upsert(document);
            mirror.Segmented.SpillIfLarge();
        }

        public bool Remove(long key)
        {
            bool removed = reference.Remove(key);
            Assert.Equal(removed, mirror.Segmented.Remove(key));
            return removed;
        }

        public Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IReadOnlyList<ScoredKey> Search(string query, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    [Fact]
    public async Task ManySavesMergeSegmentsAndSweepReplacedFiles()
    {
        using var dir = new TempDirectory();
        string segments = Path.Combine(dir.Path, "segments");
        string manifest = Path.Combine(dir.Path, "lexical.idx");
        using var index = new SegmentedLexicalIndex(new FakeAnalyzer(), segments);
        using var reference = new Bm25Index(new FakeAnalyzer());
        var corpus = new RandomCorpus(11, vocabulary: 200);
        for (int save = 0; save < 25; save++)
        {
            for (int i = 0; i < 20; i++)
            {
                var document = corpus.AddNew(reference);
                index.Upsert(document);
            }

            await index.SaveAsync(manifest, save);
        }

        // 25 saves of one segment each: the policy merged every ten, so the count stays small.
        Assert.True(index.Merges >= 2, $"merges: {index.Merges}");
        Assert.True(index.SegmentCount < SegmentMergePolicy.MergeFactor, $"segments: {index.SegmentCount}");
        Assert.Equal(index.SegmentCount, Directory.GetFiles(segments, "*.dls").Length);
        AssertAgree(reference, index, corpus.Queries(20));
    }

    [Fact]
    public async Task AReaderKeepsSearchingSegmentsAWriterMergedAway()
    {
        using var dir = new TempDirectory();
        string segments = Path.Combine(dir.Path, "segments");
        string manifest = Path.Combine(dir.Path, "lexical.idx");
        using var writer = new SegmentedLexicalIndex(new FakeAnalyzer(), segments);
        var corpus = new RandomCorpus(5, vocabulary: 100);
        using var scratch = new Bm25Index(new FakeAnalyzer());
        for (int save = 0; save < 9; save++)
        {
            for (int i = 0; i < 10; i++)
            {
                writer.Upsert(corpus.AddNew(scratch));
            }

            await writer.SaveAsync(manifest, save);
        }

        using var reader = SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer(), null, out _, segments)!;
        var before = reader.Search("w1 w2 w3", new LexicalSearchOptions { Top = 20 });

        // The tenth segment triggers a merge that removes the files the reader mapped.
        writer.Upsert(corpus.AddNew(scratch));
        await writer.SaveAsync(manifest, 9);
        Assert.True(writer.Merges >= 1);

        Assert.Equal(before, reader.Search("w1 w2 w3", new LexicalSearchOptions { Top = 20 }));
    }

    [Fact]
    public async Task DamagedOrMissingFilesMakeLoadReturnNullSoTheStoreRebuilds()
    {
        using var dir = new TempDirectory();
        string segments = Path.Combine(dir.Path, "segments");
        string manifest = Path.Combine(dir.Path, "lexical.idx");
        using (var index = new SegmentedLexicalIndex(new FakeAnalyzer(), segments))
        {
            index.Upsert(new LexicalDocument(1, "title", "", "alpha beta gamma"));
            index.Upsert(new LexicalDocument(2, "", "", "beta delta"));
            await index.SaveAsync(manifest, 7);
        }

        Assert.NotNull(SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer(), null, out long watermark, segments));
        Assert.Equal(7, watermark);

        // Another analyzer or other options: rebuilt.
        Assert.Null(SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer("other-v1"), null, out _, segments));
        Assert.Null(SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer(), new Bm25Options { K1 = 2 }, out _, segments));

        // A flipped byte inside the segment's postings: its checksum no longer matches.
        string segment = Directory.GetFiles(segments, "*.dls").Single();
        byte[] bytes = await File.ReadAllBytesAsync(segment);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(segment, bytes);
        Assert.Null(SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer(), null, out _, segments));

        // A missing segment.
        File.Delete(segment);
        Assert.Null(SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer(), null, out _, segments));

        // A manifest cut short, and the single-file format of earlier versions.
        await File.WriteAllBytesAsync(manifest, (await File.ReadAllBytesAsync(manifest))[..20]);
        Assert.Null(SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer(), null, out _, segments));
        using (var old = new Bm25Index(new FakeAnalyzer()))
        {
            old.Upsert(new LexicalDocument(1, "", "", "alpha"));
            await old.SaveAsync(manifest, 1);
        }

        Assert.Null(SegmentedLexicalIndex.Load(manifest, new FakeAnalyzer(), null, out _, segments));
    }

    [Fact]
    public async Task StraySegmentFilesFromACrashedWriterAreRemovedOnTheNextSave()
    {
        using var dir = new TempDirectory();
        string segments = Path.Combine(dir.Path, "segments");
        string manifest = Path.Combine(dir.Path, "lexical.idx");
        Directory.CreateDirectory(segments);
        string stray = Path.Combine(segments, "crashed.dls");
        string temporary = Path.Combine(segments, "half-written.dls.tmp");
        await File.WriteAllTextAsync(stray, "left by a writer that died before its manifest");
        await File.WriteAllTextAsync(temporary, "partial");
        using var index = new SegmentedLexicalIndex(new FakeAnalyzer(), segments);
        index.Upsert(new LexicalDocument(1, "", "", "alpha"));
        await index.SaveAsync(manifest, 1);

        Assert.False(File.Exists(stray));
        Assert.False(File.Exists(temporary));
        Assert.Single(Directory.GetFiles(segments, "*.dls"));
    }

    [Fact]
    public void BitPackingRoundTripsEveryWidthAndMatchesTheScalarReference()
    {
        var random = new Random(3);
        for (int width = 0; width <= 32; width++)
        {
            foreach (int count in new[] { 1, 7, 128 })
            {
                var values = new uint[count];
                for (int i = 0; i < count; i++)
                {
                    values[i] = width == 0 ? 0 : (uint)(random.NextInt64(0, 1L << width));
                }

                Assert.True(PostingsCodec.WidthOf(values) <= width);
                var packed = new byte[PostingsCodec.PackedLength(count, width)];
                PostingsCodec.Pack(values, width, packed);
                var unpacked = new uint[count];
                PostingsCodec.Unpack(packed, width, unpacked);
                Assert.Equal(values, unpacked);
                if (width > 0)
                {
                    ulong mask = (1UL << width) - 1;
                    for (int i = 0; i < count; i++)
                    {
                        Assert.Equal(values[i], PostingsCodec.UnpackOne(packed, (long)i * width, width, mask));
                    }
                }
            }
        }
    }
}
