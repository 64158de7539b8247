// Rounds of the packet-rate bench merge row by row: each row from the round that measured it fastest.
using FastLb.Bench;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class E2eBestOfTests
{
    private static E2eRow Row(string name, double mpps) => new(name, "live frames", "x", 1, 1, 9, mpps, mpps, mpps, 1);

    [Fact]
    public void BestOf_TwoRounds_EachRowFromItsFasterRound_InTheRowsOrder()
    {
        var best = E2eBench.BestOf([[Row("ceiling", 4.8), Row("fastlb", 1.9)], [Row("ceiling", 4.6), Row("fastlb", 3.7)]]);

        Assert.Equal(["ceiling", "fastlb"], best.Select(r => r.Name));
        Assert.Equal([4.8, 3.7], best.Select(r => r.ReceivedMpps));
    }

    [Fact]
    public void BestOf_NoRound_Refused() => Assert.Throws<ArgumentOutOfRangeException>(() => E2eBench.BestOf([]));
}
