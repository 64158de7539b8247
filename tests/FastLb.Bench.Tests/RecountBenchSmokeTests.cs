// The flow-recount bench run is well formed: one row per size, every flow it filled found active. Never how fast.
using FastLb.Bench;
using FastLb.Testing;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class RecountBenchSmokeTests
{
    [RootFact]
    public void RecountBench_SmokeRun_OneRowPerSizeEveryFlowFound()
    {
        Privileges.RequireRoot();

        var lines = RecountBench.Run([2000, 5000], runs: 1).TrimEnd().Split('\n');

        Assert.Equal(4, lines.Length);
        Assert.StartsWith("| 2,000 |", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("| 2,000 |", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("| 5,000 |", lines[3], StringComparison.Ordinal);
        Assert.EndsWith("| 5,000 |", lines[3], StringComparison.Ordinal);
    }
}
