// The data-plane bench run is well formed: every row, each fastlb row's path proven by the
// program's counters, the markdown and JSON reports naming each row. Never how fast.
using System.Globalization;
using System.Text.Json;
using FastLb.Bench;
using FastLb.Testing;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class BenchSmokeTests
{
    private const uint Repeat = 1000;
    private const int Runs = 3;
    private const ulong Iterations = Repeat * Runs;

    private static readonly (string Name, string Program, string Path)[] Expected =
    [
        ("baseline: XDP_TX only", "xdp_tx_only", ""),
        ("baseline: MAC swap + XDP_TX", "xdp_macswap", ""),
        (XdpTestRunBench.HarnessBaseline, "bench_tail_tx", ""),
        ("dsr-l2: one flow, established", "fastlb_xdp", "TxForward"),
        ("dsr-l2: a new flow per packet", "fastlb_xdp", "TxForward"),
        ("dsr-l2: 100 k established flows", "fastlb_xdp", "TxForward"),
        ("dsr-l2: 1 M established flows", "fastlb_xdp", "TxForward"),
        ("dsr-l2: not a VIP (XDP_PASS)", "fastlb_xdp", "PassNotVip"),
    ];

    [RootFact]
    public void XdpTestRunBench_SmokeRun_EveryRowPresentAndEveryPathProvenByCounters()
    {
        Privileges.RequireRoot();

        var rows = XdpTestRunBench.Run(Repeat, Runs);

        Assert.Equal(Expected, rows.Select(r => (r.Name, r.Program, r.ExpectedPath)));
        Assert.All(rows, r => Assert.Equal(Iterations, r.Iterations));
        Assert.Equal([false, false, true, true, true, true, true, true], rows.Select(r => r.ViaHarness));
        // Baselines have no counters; each fastlb row's reason counter grew once per iteration.
        Assert.Equal([0ul, 0ul, 0ul, Iterations, Iterations, Iterations, Iterations, Iterations], rows.Select(r => r.PathHits));
        // One flow and 100 k flows stay pinned after their warm-up; a new flow per packet pins every
        // packet; 3,000 iterations into a 1 M cycle meet only flows the 262,144-entry table evicted.
        Assert.Equal([0ul, 0ul, 0ul, 0ul, Iterations, 0ul, Iterations, 0ul], rows.Select(r => r.NewFlows));
        Assert.Equal([0ul, 0ul, 0ul, 1ul, 0ul, 100_000ul, 1_000_000ul, 0ul], rows.Select(r => r.WarmUp));
        Assert.All(rows, r => Assert.InRange(r.MedianNs, r.MinNs, r.MaxNs));

        AssertTableNamesEachRow(XdpBenchReport.Table(rows), rows);
        AssertJsonNamesEachRow(XdpBenchReport.Json(rows), rows);
    }

    [Fact]
    public void Reports_MadeUpRows_TableAndJsonNameEachRow()
    {
        var rows = MadeUpRows(pathHits: 30);

        AssertTableNamesEachRow(XdpBenchReport.Table(rows), rows);
        AssertJsonNamesEachRow(XdpBenchReport.Json(rows), rows);
    }

    [Fact]
    public void Table_PathBroken_SaysNo()
    {
        var table = XdpBenchReport.Table(MadeUpRows(pathHits: 29));

        var (_, cells) = MarkdownTable.Parse(table);
        Assert.Equal(["n/a (baseline)", "n/a (baseline)", "n/a (baseline)", "NO: TxForward 29/30", "NO: PassNotVip 29/30"], cells.Select(c => c[7]));
        Assert.Equal("| dsr-l2: one flow, established | fastlb_xdp | 160.0 | 150–170 | 181.5 | 4.00 | 100 | NO: TxForward 29/30 | 2 |", table.Split('\n')[5]);
    }

    [Fact]
    public void Json_PathBroken_PathHeldFalse()
    {
        using var doc = JsonDocument.Parse(XdpBenchReport.Json(MadeUpRows(pathHits: 29)));

        Assert.Equal([JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.False, JsonValueKind.False],
            doc.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("pathHeld").ValueKind));
    }

    [Fact]
    public void Parse_NotATable_Refused()
    {
        Assert.Throws<FormatException>(() => MarkdownTable.Parse("| a | b |\n|---|---|\n| 1 |\n"));
        Assert.Throws<FormatException>(() => MarkdownTable.Parse("| a | b |\n| 1 | 2 |\n"));
        Assert.Throws<FormatException>(() => MarkdownTable.Parse("no table here\n"));
    }

    private static XdpBenchRow[] MadeUpRows(ulong pathHits) =>
    [
        new("baseline: XDP_TX only", "xdp_tx_only", false, 36, 31, 36, 40, "", 0, 30, 0, 0),
        new("baseline: MAC swap + XDP_TX", "xdp_macswap", false, 40, 32, 43, 45, "", 0, 30, 0, 0),
        new(XdpTestRunBench.HarnessBaseline, "bench_tail_tx", true, 60, 58, 61, 70, "", 0, 30, 0, 0),
        new("dsr-l2: one flow, established", "fastlb_xdp", true, 160, 150, 170, 181.5, "TxForward", pathHits, 30, 2, 1),
        new("dsr-l2: not a VIP (XDP_PASS)", "fastlb_xdp", true, 80, 78, 90, 95, "PassNotVip", pathHits, 30, 0, 0),
    ];

    private static void AssertTableNamesEachRow(string table, IReadOnlyList<XdpBenchRow> rows)
    {
        var (header, cells) = MarkdownTable.Parse(table);
        Assert.Equal(XdpBenchReport.Header, header);
        Assert.Equal(rows.Select(r => (r.Name, r.Program)), cells.Select(c => (c[0], c[1])));
        Assert.Equal(rows.Select(r => r.MedianNs.ToString("0.0", CultureInfo.InvariantCulture)), cells.Select(c => c[2]));
        Assert.Equal(rows.Select(r => r.WallNs.ToString("0.0", CultureInfo.InvariantCulture)), cells.Select(c => c[4]));
        Assert.Equal("1.00", cells.Single(c => c[1] == "xdp_macswap")[5]);
        // Net of the harness only for rows that ran behind it, the harness baseline itself excepted.
        var harness = rows.Single(r => r.Name == XdpTestRunBench.HarnessBaseline).MedianNs;
        Assert.Equal(
            rows.Select(r => r.ViaHarness && r.Name != XdpTestRunBench.HarnessBaseline ? (r.MedianNs - harness).ToString("0", CultureInfo.InvariantCulture) : ""),
            cells.Select(c => c[6]));
        Assert.Equal(rows.Select(XdpBenchReport.Check), cells.Select(c => c[7]));
        Assert.Equal(rows.Select(r => r.ExpectedPath == "" ? "" : r.NewFlows.ToString(CultureInfo.InvariantCulture)), cells.Select(c => c[8]));
    }

    private static void AssertJsonNamesEachRow(string json, IReadOnlyList<XdpBenchRow> rows)
    {
        using var doc = JsonDocument.Parse(json);
        var parsed = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Select(r => (r.Name, r.Program)), parsed.Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("program").GetString()!)));
        Assert.Equal(rows.Select(r => r.ExpectedPath == "" ? null : r.ExpectedPath), parsed.Select(p => p.GetProperty("expectedPath").GetString()));
        Assert.Equal(rows.Select(r => r.PathHits), parsed.Select(p => p.GetProperty("pathHits").GetUInt64()));
        Assert.Equal(rows.Select(r => r.Iterations), parsed.Select(p => p.GetProperty("iterations").GetUInt64()));
        Assert.Equal(rows.Select(r => r.NewFlows), parsed.Select(p => p.GetProperty("newFlows").GetUInt64()));
        Assert.Equal(rows.Select(r => r.MedianNs), parsed.Select(p => p.GetProperty("medianNs").GetDouble()));
        Assert.Equal(rows.Select(r => r.WallNs), parsed.Select(p => p.GetProperty("wallNs").GetDouble()));
        Assert.Equal(1.0, parsed.Single(p => p.GetProperty("program").GetString() == "xdp_macswap").GetProperty("ratioToMacSwap").GetDouble());
    }
}
