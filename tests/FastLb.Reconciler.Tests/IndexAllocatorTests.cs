// IndexAllocator: stable slots per key, lowest-first reuse, and a clear error when full.

namespace FastLb.Reconciler.Tests;

public sealed class IndexAllocatorTests
{
    [Fact]
    public void Acquire_SameKeyTwice_ReturnsSameIndex()
    {
        var a = new IndexAllocator(8, "real");
        var first = a.Acquire("x");
        a.Acquire("y");
        Assert.Equal(first, a.Acquire("x"));
        Assert.Equal(2, a.Count);
    }

    [Fact]
    public void Acquire_DifferentKeys_ReturnsDistinctIndicesFromZero()
    {
        var a = new IndexAllocator(8, "real");
        Assert.Equal([0u, 1u, 2u], new[] { a.Acquire("x"), a.Acquire("y"), a.Acquire("z") });
    }

    [Fact]
    public void RetainOnly_ReleasedIndices_ReusedLowestFirst()
    {
        var a = new IndexAllocator(8, "real");
        foreach (var k in new[] { "a", "b", "c", "d", "e" })
        {
            a.Acquire(k);
        }
        var freed = a.RetainOnly(new HashSet<string> { "a", "c" });
        Assert.Equal([1u, 3u, 4u], freed.Order());
        Assert.False(a.TryGet("b", out _));
        Assert.True(a.TryGet("c", out var c));
        Assert.Equal(2u, c);
        Assert.Equal(1u, a.Acquire("new1"));
        Assert.Equal(3u, a.Acquire("new2"));
        Assert.Equal(4u, a.Acquire("new3"));
        Assert.Equal(5u, a.Acquire("new4"));
    }

    [Fact]
    public void RetainOnly_AllLive_FreesNothing()
    {
        var a = new IndexAllocator(8, "real");
        a.Acquire("a");
        a.Acquire("b");
        Assert.Empty(a.RetainOnly(new HashSet<string> { "a", "b" }));
        Assert.Equal(2u, a.Acquire("c"));
    }

    [Fact]
    public void Acquire_CapacityExhausted_ThrowsNamingWhatAndLimit()
    {
        var a = new IndexAllocator(2, "service");
        a.Acquire("a");
        a.Acquire("b");
        var e = Assert.Throws<InvalidOperationException>(() => a.Acquire("c"));
        Assert.Equal("no free service slot: the data plane holds at most 2", e.Message);
        Assert.False(a.TryGet("c", out _));
    }

    [Fact]
    public void Acquire_KnownKeyAtCapacity_StillReturnsItsIndex()
    {
        var a = new IndexAllocator(2, "service");
        a.Acquire("a");
        a.Acquire("b");
        Assert.Equal(1u, a.Acquire("b"));
    }

    [Fact]
    public void Acquire_AfterReleaseAtCapacity_Succeeds()
    {
        var a = new IndexAllocator(2, "real");
        a.Acquire("a");
        a.Acquire("b");
        a.RetainOnly(new HashSet<string> { "b" });
        Assert.Equal(0u, a.Acquire("c"));
    }

    [Fact]
    public void GenerationOf_ReusedIndex_DiffersFromEarlierHolder_KeptKeyKeepsIt()
    {
        var a = new IndexAllocator(2, "real");
        a.Acquire("a");
        a.Acquire("b");
        var genA = a.GenerationOf("a");
        var genB = a.GenerationOf("b");
        a.RetainOnly(new HashSet<string> { "b" });
        Assert.Equal(0u, a.Acquire("c"));

        Assert.NotEqual(genA, a.GenerationOf("c"));
        Assert.NotEqual(0u, a.GenerationOf("c"));
        Assert.Equal(genB, a.GenerationOf("b"));
        Assert.Equal(genB, a.GenerationOf("b")); // asking twice does not renew it
        Assert.Throws<KeyNotFoundException>(() => a.GenerationOf("a"));
    }
}
