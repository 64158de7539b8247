// The data-plane bench runs and its table is well formed; no timing is asserted here.
using FastLb.Bench;
using FastLb.Testing;
using Xunit;

namespace FastLb.PacketTests;

public sealed class BenchSmokeTests
{
    [RootFact]
    public void XdpTestRunBench_Smoke_SixRowsAndEveryPathHeld()
    {
        Privileges.RequireRoot();

        var rows = XdpTestRunBench.Run(repeat: 1000, runs: 1);
        var table = XdpTestRunBench.Table(rows);

        Assert.Equal(["xdp_tx_only", "xdp_macswap", "fastlb_xdp", "fastlb_xdp", "fastlb_xdp", "fastlb_xdp"], rows.Select(r => r.Program));
        Assert.All(rows, r => Assert.True(r.MedianNs > 0));
        Assert.Equal([null, null, true, true, true, true], rows.Select(r => r.PathHeld));
        Assert.Equal(1000ul, rows[2].PathHits);
        var lines = table.Trim().Split('\n');
        Assert.Equal(8, lines.Length);
        Assert.All(lines, l => Assert.Equal(7, l.Count(c => c == '|'))); // six columns on every line
        Assert.Contains("| 1.00 |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_PathBroken_SaysNo()
    {
        var rows = new[]
        {
            new XdpBenchRow("swap", "xdp_macswap", 40, 39, 41, "", 0, 10),
            new XdpBenchRow("vip", "fastlb_xdp", 160, 150, 170, "TxForward", 9, 10),
        };

        var table = XdpTestRunBench.Table(rows);

        Assert.Contains("NO: TxForward 9/10", table, StringComparison.Ordinal);
        Assert.Contains("| vip | fastlb_xdp | 160.0 | 150–170 | 4.00 | NO: TxForward 9/10 |", table, StringComparison.Ordinal);
    }
}
