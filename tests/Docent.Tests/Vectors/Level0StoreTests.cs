using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class Level0StoreTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(384)]
    public void RecordsAreAlignedAndKeepListsAndRowsApart(int dimension)
    {
        var store = new Level0Store(33, dimension, inlineRows: true);
        store.Resize(50, 0);
        Assert.Equal(0, store.RecordBytes % 64);
        Assert.Equal(0, store.RowOffset % 64);
        Assert.True(store.RowOffset >= 33 * sizeof(int));
        Assert.Equal(0, store.Address % 64);
        for (int id = 0; id < 50; id++)
        {
            store.Slot(id).Fill(id + 1);
            store.Row(id).Fill(-id - 0.5f);
        }

        for (int id = 0; id < 50; id++)
        {
            Assert.All(store.Slot(id).ToArray(), v => Assert.Equal(id + 1, v));
            Assert.All(store.Row(id).ToArray(), v => Assert.Equal(-id - 0.5f, v));
        }

        store.Dispose();
    }

    [Fact]
    public void ResizeKeepsTheFirstRecordsAndZeroesTheRest()
    {
        using var store = new Level0Store(5, 8, inlineRows: true);
        store.Resize(4, 0);
        for (int id = 0; id < 4; id++)
        {
            store.Slot(id)[0] = id + 10;
            store.Row(id)[7] = id + 0.25f;
        }

        store.Resize(3000, 3);
        Assert.Equal(3000, store.Capacity);
        for (int id = 0; id < 3; id++)
        {
            Assert.Equal(id + 10, store.Slot(id)[0]);
            Assert.Equal(id + 0.25f, store.Row(id)[7]);
        }

        for (int id = 3; id < 3000; id++)
        {
            Assert.All(store.Slot(id).ToArray(), v => Assert.Equal(0, v));
            Assert.All(store.Row(id).ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void ABufferOfTwoMegabytesOrMoreStartsOnAHugePageBoundary()
    {
        using var store = new Level0Store(33, 384, inlineRows: true);
        store.Resize(2000, 0);
        Assert.True(store.Bytes >= 2000L * store.RecordBytes);
        Assert.Equal(0, store.Address % (2 << 20));
    }

    [Fact]
    public void WithoutInlineRowsARecordIsJustTheList()
    {
        using var store = new Level0Store(33, 384, inlineRows: false);
        store.Resize(10, 0);
        Assert.Equal(33 * sizeof(int), store.RecordBytes);
        store.Slot(9)[32] = 7;
        Assert.Equal(7, store.Slot(9)[32]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(384)]
    [InlineData(385)]
    public void FloatSpacesOverTheRecordsMatchTheScalarReference(int dimension)
    {
        var random = new Random(dimension);
        using var store = new Level0Store(33, dimension, inlineRows: true);
        store.Resize(20, 0);
        for (int id = 0; id < 20; id++)
        {
            store.Slot(id).Fill(-1);
            Span<float> row = store.Row(id);
            for (int d = 0; d < dimension; d++)
            {
                row[d] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        var query = new float[dimension];
        for (int d = 0; d < dimension; d++)
        {
            query[d] = (float)((random.NextDouble() * 2) - 1);
        }

        var dot = store.DotSpace(query);
        var l2 = store.L2Space(query);
        for (int id = 0; id < 20; id++)
        {
            dot.Prefetch(id);
            float expectedDot = -VectorKernels.DotScalar(query, store.Row(id));
            float expectedL2 = VectorKernels.SquaredL2Scalar(query, store.Row(id));
            Assert.True(Math.Abs(expectedDot - dot.Distance(id)) <= 1e-4 * Math.Max(1, Math.Abs(expectedDot)), $"dot of row {id}: {expectedDot} against {dot.Distance(id)}");
            Assert.True(Math.Abs(expectedL2 - l2.Distance(id)) <= 1e-4 * Math.Max(1, expectedL2), $"L2 of row {id}: {expectedL2} against {l2.Distance(id)}");
        }
    }
}
