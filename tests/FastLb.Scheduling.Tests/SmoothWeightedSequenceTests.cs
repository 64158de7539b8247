// Smooth weighted round robin: exact sequences for known weights, exact counts per period, spread, and scaling to a length.

namespace FastLb.Scheduling.Tests;

public sealed class SmoothWeightedSequenceTests
{
    [Fact]
    public void Build_EqualWeights_EachOnceInOrder()
    {
        Assert.Equal([0, 1, 2], SmoothWeightedSequence.Build([1, 1, 1], 100));
    }

    [Fact]
    public void Build_EqualWeightsAboveOne_ReducedByGcdToOnePeriod()
    {
        Assert.Equal([0, 1, 2], SmoothWeightedSequence.Build([4, 4, 4], 100));
    }

    [Fact]
    public void Build_NginxExample_SpreadNotRuns()
    {
        // nginx's documented smooth sequence for weights 5, 1, 1: a a b a c a a.
        Assert.Equal([0, 0, 1, 0, 2, 0, 0], SmoothWeightedSequence.Build([5, 1, 1], 100));
    }

    [Fact]
    public void Build_Weights3And2And1_ExactCountsPerPeriod()
    {
        var seq = SmoothWeightedSequence.Build([3, 2, 1], 100);
        Assert.Equal(6, seq.Length);
        Assert.Equal([3, 2, 1], [.. Enumerable.Range(0, 3).Select(i => seq.Count(x => x == i))]);
        Assert.Equal([0, 1, 0, 2, 1, 0], seq);
    }

    [Fact]
    public void Build_ZeroWeight_NeverAppears()
    {
        var seq = SmoothWeightedSequence.Build([2, 0, 1], 100);
        Assert.Equal([0, 2, 0], seq);
        Assert.DoesNotContain(1, seq);
    }

    [Fact]
    public void Build_AllZero_Empty()
    {
        Assert.Empty(SmoothWeightedSequence.Build([0, 0], 100));
    }

    [Fact]
    public void Build_PeriodLongerThanMax_ScaledKeepingRatio()
    {
        // 60000 : 30000 : 1 reduced by gcd 1 is 90001 long; scaled under 1000, ratio ~2:1, the light one kept.
        var seq = SmoothWeightedSequence.Build([60000, 30000, 1], 1000);
        Assert.InRange(seq.Length, 3, 1000);
        var a = seq.Count(x => x == 0);
        var b = seq.Count(x => x == 1);
        Assert.Equal(1, seq.Count(x => x == 2));
        Assert.InRange(a / (double)b, 1.95, 2.05);
    }

    [Fact]
    public void Build_NoRunLongerThanNeeded_ForTwoToOne()
    {
        var seq = SmoothWeightedSequence.Build([2, 1], 100);
        Assert.Equal([0, 1, 0], seq);
    }

    [Fact]
    public void Build_NegativeWeight_Throws()
    {
        Assert.Throws<ArgumentException>(() => SmoothWeightedSequence.Build([1, -1], 100));
    }

    [Fact]
    public void Build_MoreBackendsThanLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => SmoothWeightedSequence.Build([1, 1, 1], 2));
    }
}
