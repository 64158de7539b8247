// Rounds of the packet-rate and test-run benches merge row by row: each row from the round that
// measured it fastest, in the rows' order.
using FastLb.Bench;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class BestOfRoundsTests
{
    private static E2eRow Rate(string name, double mpps) => new(name, "live frames", "x", 1, 1, 9, mpps, mpps, mpps, 1);

    private static XdpBenchRow Cost(string name, double ns) => new(name, "p", true, ns, ns, ns, ns, "TxForward", 10, 10, 0, 0);

    [Fact]
    public void E2e_TwoRounds_EachRowFromItsFasterRound_InTheRowsOrder()
    {
        var best = E2eBench.BestOf([[Rate("ceiling", 4.8), Rate("fastlb", 1.9)], [Rate("ceiling", 4.6), Rate("fastlb", 3.7)]]);

        Assert.Equal(["ceiling", "fastlb"], best.Select(r => r.Name));
        Assert.Equal([4.8, 3.7], best.Select(r => r.ReceivedMpps));
    }

    [Fact]
    public void E2e_TwoRounds_EachRowOverTheCeilingOfItsOwnRound()
    {
        var best = E2eBench.BestOf([
            [Rate("ceiling: redirect only (x)", 5.0), Rate("fastlb", 2.0)],
            [Rate("ceiling: redirect only (x)", 2.5), Rate("fastlb", 2.0)],
        ]);

        Assert.Equal([1.0, 1.0], best[0].CeilingRatioByRound!);
        Assert.Equal([0.4, 0.8], best[1].CeilingRatioByRound!);
        var (_, cells) = MarkdownTable.Parse(E2eReport.Table(best));
        Assert.Equal(["1.00, 1.00", "0.40, 0.80"], cells.Select(c => c[^2]));
        Assert.Null(E2eBench.BestOf([[Rate("ceiling: redirect only (x)", 5.0)]])[0].CeilingRatioByRound);
    }

    [Fact]
    public void E2e_ThreeRounds_EachRowOverItsOwnCeiling_MedianJudgesTheTarget()
    {
        IReadOnlyList<E2eRow> Round(double ceiling, double fastlb, double adjacent) =>
        [
            Rate("ceiling: redirect only (x)", ceiling), Rate("nftables DNAT, numgen (x)", 0.5),
            Rate("fastlb", fastlb) with { Path = "TxForward", AdjacentCeilingMpps = adjacent },
        ];

        // The run's ceiling row is fastest in round 1 (5.0) and fastlb in round 3 (3.5): 0.70 of each
        // other, though each round fastlb made 0.60, 0.60 and 0.70 of the ceiling that took turns with it.
        var best = E2eBench.BestOf([Round(5.0, 3.0, 5.0), Round(2.5, 1.5, 2.5), Round(4.0, 3.5, 5.0)]);

        Assert.Equal([0.6, 0.6, 0.7], best[2].AdjacentRatioByRound!);
        Assert.Equal(0.6, best[2].AdjacentRatioMedian!.Value, 9);
        Assert.Null(best[0].AdjacentRatioByRound);
        var (_, cells) = MarkdownTable.Parse(E2eReport.Table(best));
        Assert.Equal(["", "", "0.60 (0.60, 0.60, 0.70)"], cells.Select(c => c[^1]));
        Assert.Contains("fastlb: 0.60 × the ceiling run by run (NOT met; each round: 0.60 (0.60, 0.60, 0.70); over the run's ceiling row: 0.70)",
            E2eReport.Targets(best), StringComparison.Ordinal);
        // Two rounds: the median is their mean; met at 0.80.
        var two = E2eBench.BestOf([Round(5.0, 4.0, 5.0), Round(5.0, 4.2, 5.0)]);
        Assert.Equal(0.82, two[2].AdjacentRatioMedian!.Value, 9);
        Assert.Contains("0.82 × the ceiling run by run (met;", E2eReport.Targets(two), StringComparison.Ordinal);
    }

    [Fact]
    public void E2e_RunPairs_TheRowOverItsCeilingIsTheMedianOfThePairs_NotOfTheMedians()
    {
        // Runs in pairs with the ceiling: 2.0/4.0, 3.0/3.0, 1.0/2.0. The medians of each side (2.0 over 3.0)
        // would give 0.67; the pairs give 0.5, 1.0 and 0.5, median 0.5: a spell slows both runs of a pair.
        var row = Rate("fastlb", 2.0) with { Path = "TxForward", AdjacentCeilingMpps = 3.0, PairRatios = [0.5, 1.0, 0.5] };

        Assert.Equal(0.5, row.AdjacentRatio!.Value, 9);
        Assert.Equal(0.5, row.AdjacentRatioMedian!.Value, 9);
        Assert.Equal(0.75, (row with { PairRatios = [0.5, 1.0] }).AdjacentRatio!.Value, 9);
        // A row made without pairs (an older JSON, a made-up row) falls back to its rate over the ceiling's.
        Assert.Equal(2.0 / 3.0, (row with { PairRatios = null }).AdjacentRatio!.Value, 9);
    }

    [Fact]
    public void Xdp_TwoRounds_EachRowFromItsLowerMedian_InTheRowsOrder()
    {
        var best = XdpTestRunBench.BestOf([[Cost("swap", 29), Cost("1 M", 310)], [Cost("swap", 31), Cost("1 M", 281)]]);

        Assert.Equal(["swap", "1 M"], best.Select(r => r.Name));
        Assert.Equal([29.0, 281.0], best.Select(r => r.MedianNs));
    }

    [Fact]
    public void NoRound_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => E2eBench.BestOf([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => XdpTestRunBench.BestOf([]));
    }
}
