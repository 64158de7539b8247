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

    private static readonly (string Name, string Program, string Path)[] Expected =
    [
        ("baseline: XDP_TX only", "xdp_tx_only", ""),
        ("baseline: MAC swap + XDP_TX", "xdp_macswap", ""),
        ("fastlb: VIP hit (L2 DSR, XDP_TX)", "fastlb_xdp", "TxForward"),
        ("fastlb: not a VIP (XDP_PASS)", "fastlb_xdp", "PassNotVip"),
        ("fastlb: VIP hit (transparent NAT, XDP_TX)", "fastlb_xdp", "TxForward"),
        ("fastlb: NAT reply (transparent, XDP_TX)", "fastlb_xdp", "TxReply"),
    ];

    [RootFact]
    public void XdpTestRunBench_SmokeRun_EveryRowPresentAndEveryPathProvenByCounters()
    {
        Privileges.RequireRoot();

        var rows = XdpTestRunBench.Run(Repeat, Runs);

        Assert.Equal(Expected, rows.Select(r => (r.Name, r.Program, r.ExpectedPath)));
        Assert.All(rows, r => Assert.Equal((ulong)Repeat * Runs, r.Iterations));
        // Baselines have no counters; each fastlb row's reason counter grew once per iteration.
        Assert.Equal([0ul, 0ul, Repeat * Runs, Repeat * Runs, Repeat * Runs, Repeat * Runs], rows.Select(r => r.PathHits));
        Assert.Equal([null, null, true, true, true, true], rows.Select(r => r.PathHeld));
        Assert.All(rows, r => Assert.InRange(r.MedianNs, r.MinNs, r.MaxNs));

        AssertTableNamesEachRow(XdpTestRunBench.Table(rows), rows);
        AssertJsonNamesEachRow(XdpTestRunBench.Json(rows), rows);
    }

    [Fact]
    public void Reports_MadeUpRows_TableAndJsonNameEachRow()
    {
        var rows = MadeUpRows(pathHits: 30);

        AssertTableNamesEachRow(XdpTestRunBench.Table(rows), rows);
        AssertJsonNamesEachRow(XdpTestRunBench.Json(rows), rows);
    }

    [Fact]
    public void Table_PathBroken_SaysNo()
    {
        var table = XdpTestRunBench.Table(MadeUpRows(pathHits: 29));

        var (_, cells) = MarkdownTable.Parse(table);
        Assert.Equal(["n/a (baseline)", "n/a (baseline)", "NO: TxForward 29/30", "NO: PassNotVip 29/30"], cells.Select(c => c[5]));
        Assert.Equal("| fastlb: VIP hit (L2 DSR, XDP_TX) | fastlb_xdp | 160.0 | 150–170 | 4.00 | NO: TxForward 29/30 |", table.Split('\n')[4]);
    }

    [Fact]
    public void Json_PathBroken_PathHeldFalse()
    {
        using var doc = JsonDocument.Parse(XdpTestRunBench.Json(MadeUpRows(pathHits: 29)));

        Assert.Equal([JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.False, JsonValueKind.False],
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
        new("baseline: XDP_TX only", "xdp_tx_only", 36, 31, 36, "", 0, 30),
        new("baseline: MAC swap + XDP_TX", "xdp_macswap", 40, 32, 43, "", 0, 30),
        new("fastlb: VIP hit (L2 DSR, XDP_TX)", "fastlb_xdp", 160, 150, 170, "TxForward", pathHits, 30),
        new("fastlb: not a VIP (XDP_PASS)", "fastlb_xdp", 80, 78, 90, "PassNotVip", pathHits, 30),
    ];

    private static void AssertTableNamesEachRow(string table, IReadOnlyList<XdpBenchRow> rows)
    {
        var (header, cells) = MarkdownTable.Parse(table);
        Assert.Equal(6, header.Length);
        Assert.Equal(rows.Select(r => (r.Name, r.Program)), cells.Select(c => (c[0], c[1])));
        Assert.Equal(rows.Select(r => r.MedianNs.ToString("0.0", CultureInfo.InvariantCulture)), cells.Select(c => c[2]));
        Assert.Equal("1.00", cells.Single(c => c[1] == "xdp_macswap")[4]);
        Assert.Equal(
            rows.Select(r => r.PathHeld is null ? "n/a (baseline)" : $"{(r.PathHeld.Value ? "yes" : "NO")}: {r.ExpectedPath} {r.PathHits}/{r.Iterations}"),
            cells.Select(c => c[5]));
    }

    private static void AssertJsonNamesEachRow(string json, IReadOnlyList<XdpBenchRow> rows)
    {
        using var doc = JsonDocument.Parse(json);
        var parsed = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Select(r => (r.Name, r.Program)), parsed.Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("program").GetString()!)));
        Assert.Equal(rows.Select(r => r.ExpectedPath == "" ? null : r.ExpectedPath), parsed.Select(p => p.GetProperty("expectedPath").GetString()));
        Assert.Equal(rows.Select(r => r.PathHits), parsed.Select(p => p.GetProperty("pathHits").GetUInt64()));
        Assert.Equal(rows.Select(r => r.Iterations), parsed.Select(p => p.GetProperty("iterations").GetUInt64()));
        Assert.Equal(rows.Select(r => r.MedianNs), parsed.Select(p => p.GetProperty("medianNs").GetDouble()));
        Assert.Equal(1.0, parsed.Single(p => p.GetProperty("program").GetString() == "xdp_macswap").GetProperty("ratioToMacSwap").GetDouble());
    }
}
