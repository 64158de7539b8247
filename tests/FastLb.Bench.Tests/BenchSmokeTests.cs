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

    private static readonly string[] Baselines =
        [
            "baseline: XDP_TX only", "baseline: MAC swap + XDP_TX", XdpTestRunBench.HeadBaseline, XdpTestRunBench.ColdLineBaseline,
            XdpTestRunBench.ColdChainBaseline, XdpTestRunBench.HarnessBaseline,
        ];

    [RootFact]
    public void XdpTestRunBench_SmokeRun_EveryRowPresentAndEveryPathProvenByCounters()
    {
        Privileges.RequireRoot();

        var rows = XdpTestRunBench.Run(Repeat, Runs);

        var cases = XdpTestRunBench.AllCases();
        Assert.Equal(54, rows.Count);
        Assert.Equal([.. Baselines, .. cases.Select(c => c.Name)], rows.Select(r => r.Name));
        Assert.Equal(["xdp_tx_only", "xdp_macswap", "xdp_tx_adjust_head", "xdp_cold_line", "xdp_cold_chain", "bench_tail_tx", .. cases.Select(c => c.ProgramName)], rows.Select(r => r.Program));
        Assert.Equal(7, cases.Count(c => c.Reference));
        Assert.Equal(["", "", "", "", "", "", .. cases.Select(c => c.PathName)], rows.Select(r => r.ExpectedPath));
        // Rows on two CPUs at once make the runs on each.
        Assert.Equal([.. Baselines.Select(_ => Iterations), .. cases.Select(c => Iterations * (ulong)c.Cpus)], rows.Select(r => r.Iterations));
        Assert.Equal([false, false, false, false, false, true, .. cases.Select(_ => true)], rows.Select(r => r.ViaHarness));
        // The harness shrinks a grown head on the L3 DSR rows only.
        Assert.Equal([false, false, false, false, false, false, .. cases.Select(c => c.Reference || c.Name.StartsWith("dsr-ipip", StringComparison.Ordinal) || c.Name.StartsWith("dsr-gue", StringComparison.Ordinal))],
            rows.Select(r => r.HeadShrunk));
        var fastlb = rows.Skip(Baselines.Length).ToList();
        // Every row's reason counter grew once per iteration, the L3 DSR rows' too (the harness shrinks
        // the head each encapsulation grew), and nothing else was counted.
        Assert.Equal(cases.Select(c => Iterations * (ulong)c.Cpus), fastlb.Select(r => r.PathHits));
        Assert.All(fastlb, r => Assert.Equal("", r.Elsewhere));
        Assert.All(rows, r => Assert.True(r.Sound));
        // A new flow per packet pins every packet; established rows pin none, over 1 M flows too: the
        // default 4 Mi connection table holds them all, so none is rescheduled.
        // On two CPUs at once each CPU varies flows of its own: every packet still pins one.
        Assert.Equal(cases.Select(c => c.Variation.Flows is 0 ? Iterations * (ulong)c.Cpus : 0ul), fastlb.Select(r => r.NewFlows));
        Assert.Equal([.. Baselines.Select(_ => 0ul), .. cases.Select(c => (ulong)c.WarmUp)], rows.Select(r => r.WarmUp));
        Assert.All(rows, r => Assert.InRange(r.MedianNs, r.MinNs, r.MaxNs));

        AssertTableNamesEachRow(XdpBenchReport.Table(rows), rows);
        AssertJsonNamesEachRow(XdpBenchReport.Json(rows), rows);
        // Each reference row beside its tunnel twins: one comparison row each.
        var (_, compared) = MarkdownTable.Parse(XdpBenchReport.Comparison(rows));
        Assert.Equal(cases.Where(c => c.Reference).Select(c => c.Name[XdpTestRunBench.ReferencePrefix.Length..]), compared.Select(c => c[0]));
    }

    [Fact]
    public void AllCases_EachReferenceRowRightAfterItsDsrIpipTwin()
    {
        var names = XdpTestRunBench.AllCases().Select(c => c.Name).ToList();

        var twins = names.Select((n, i) => (n, i)).Where(x => x.n.StartsWith(XdpTestRunBench.ReferencePrefix, StringComparison.Ordinal))
            .Select(x => (Reference: x.n, Before: names[x.i - 1])).ToList();

        Assert.Equal(7, twins.Count);
        Assert.All(twins.Where(t => !t.Reference.Contains("a SYN per packet", StringComparison.Ordinal)),
            t => Assert.Equal("dsr-ipip: " + t.Reference[XdpTestRunBench.ReferencePrefix.Length..], t.Before));
        Assert.Equal(XdpTestRunBench.ReferencePrefix + "a new flow per packet", twins.Single(t => t.Reference.Contains("a SYN per packet", StringComparison.Ordinal)).Before);
    }

    [Fact]
    public void Comparison_MadeUpRows_ShareOfTheReferenceNetOfTheHarness_TargetMarked()
    {
        XdpBenchRow Row(string name, double ns) => new(name, "x", true, ns, ns, ns, ns, "TxForward", 30, 30, 0, 0, HeadShrunk: true);
        XdpBenchRow[] rows =
        [
            .. MadeUpRows(pathHits: 30),
            Row("dsr-ipip: a new flow per packet", 768),
            Row("dsr-gue: a new flow per packet", 1_008),
            Row(XdpTestRunBench.ReferencePrefix + "a new flow per packet", 1_108),
            Row(XdpTestRunBench.ReferencePrefix + "a SYN per packet (new connections, a SYN flood)", 1_208),
        ];

        var (header, cells) = MarkdownTable.Parse(XdpBenchReport.Comparison(rows));

        Assert.Equal(["row", "reference net × MAC swap", "dsr-ipip net × MAC swap", "dsr-ipip ÷ reference (target ≤ 0.70)",
            "dsr-gue net × MAC swap", "dsr-gue ÷ reference (target ≤ 0.70)", "dsr-l2 net × MAC swap", "dsr-l2 ÷ reference (target ≤ 0.70)"], header);
        // Net of the harness and the head it shrank (60 + 44 − 36 = 68), XDP_TX only (36) put back, over MAC swap (40):
        // reference (1108 − 68 + 36) / 40 = 26.90; dsr-ipip 18.40, 0.68 of it; dsr-gue 24.40, 0.91.
        Assert.Equal(["a new flow per packet", "26.90", "18.40", "0.68: met", "24.40", "0.91", "", ""], cells[0]);
        Assert.Equal(["a SYN per packet (new connections, a SYN flood)", "29.40", "", "", "", "", "", ""], cells[1]);
        Assert.Equal("", XdpBenchReport.Comparison(MadeUpRows(pathHits: 30)));
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
        Assert.Equal(["n/a (baseline)", "n/a (baseline)", "n/a (baseline)", "n/a (baseline)", "NO: TxForward 29/30", "NO: PassNotVip 29/30", "NO: TxForward 29/30"],
            cells.Select(c => c[8]));
        Assert.Equal("| dsr-l2: one flow, established | fastlb_xdp | 160.0 | 150–170 | 181.5 | 4.00 | 3.40 | 100 | NO: TxForward 29/30 | 2 |", table.Split('\n')[6]);
        // A tunnel row is net of the harness and of the head it shrank: 300 − 60 − (44 − 36) = 232; (232 + 36) / 40.
        Assert.Equal("| dsr-ipip: one flow, established | fastlb_xdp | 300.0 | 290–310 | 320.0 | 7.50 | 6.70 | 232 | NO: TxForward 29/30 | 0 |", table.Split('\n')[8]);
    }

    [Fact]
    public void Check_OverflowingRowOffPath_SaysPartlyAndWhereTheRestWent()
    {
        var overflowing = new XdpBenchRow("routed: reply, 1 M flows", "fastlb_xdp", true, 500, 490, 510, 520, "RedirectReply", 10, 30, 0, 1_000_000, true, "PassNotVip 20");
        var broken = overflowing with { Overflows = false };

        Assert.Equal("partly, flows exceed the table: RedirectReply 10/30; rest: PassNotVip 20", XdpBenchReport.Check(overflowing));
        Assert.Equal("NO: RedirectReply 10/30; rest: PassNotVip 20", XdpBenchReport.Check(broken));
        Assert.True(overflowing.Sound);
        Assert.False(broken.Sound);
    }

    [Fact]
    public void Json_PathBroken_PathHeldFalse()
    {
        using var doc = JsonDocument.Parse(XdpBenchReport.Json(MadeUpRows(pathHits: 29)));

        Assert.Equal([JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.False, JsonValueKind.False, JsonValueKind.False],
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
        new(XdpTestRunBench.HeadBaseline, "xdp_tx_adjust_head", false, 44, 40, 46, 50, "", 0, 30, 0, 0),
        new(XdpTestRunBench.HarnessBaseline, "bench_tail_tx", true, 60, 58, 61, 70, "", 0, 30, 0, 0),
        new("dsr-l2: one flow, established", "fastlb_xdp", true, 160, 150, 170, 181.5, "TxForward", pathHits, 30, 2, 1),
        new("dsr-l2: not a VIP (XDP_PASS)", "fastlb_xdp", true, 80, 78, 90, 95, "PassNotVip", pathHits, 30, 0, 0),
        new("dsr-ipip: one flow, established", "fastlb_xdp", true, 300, 290, 310, 320, "TxForward", pathHits, 30, 0, 1, HeadShrunk: true),
    ];

    private static void AssertTableNamesEachRow(string table, IReadOnlyList<XdpBenchRow> rows)
    {
        var (header, cells) = MarkdownTable.Parse(table);
        Assert.Equal(XdpBenchReport.Header, header);
        Assert.Equal(rows.Select(r => (r.Name, r.Program)), cells.Select(c => (c[0], c[1])));
        Assert.Equal(rows.Select(r => r.MedianNs.ToString("0.0", CultureInfo.InvariantCulture)), cells.Select(c => c[2]));
        Assert.Equal(rows.Select(r => r.WallNs.ToString("0.0", CultureInfo.InvariantCulture)), cells.Select(c => c[4]));
        Assert.Equal("1.00", cells.Single(c => c[1] == "xdp_macswap")[5]);
        // Net of the harness only for rows that ran behind it, the harness baseline itself excepted; on
        // rows whose head the harness shrank, net of one bpf_xdp_adjust_head too (its baseline − XDP_TX only).
        var harness = rows.Single(r => r.Name == XdpTestRunBench.HarnessBaseline).MedianNs;
        var tx = rows.Single(r => r.Program == "xdp_tx_only").MedianNs;
        var head = rows.Single(r => r.Name == XdpTestRunBench.HeadBaseline).MedianNs - tx;
        double Harness(XdpBenchRow r) => harness + (r.HeadShrunk ? head : 0);
        bool Behind(XdpBenchRow r) => r.ViaHarness && r.Name != XdpTestRunBench.HarnessBaseline;
        Assert.Equal(
            rows.Select(r => Behind(r) ? (r.MedianNs - Harness(r)).ToString("0", CultureInfo.InvariantCulture) : ""),
            cells.Select(c => c[7]));
        // As if run alone: the harness taken away, the XDP_TX-only baseline put back, over MAC swap.
        var swap = rows.Single(r => r.Program == "xdp_macswap").MedianNs;
        Assert.Equal(
            rows.Select(r => Behind(r) ? ((r.MedianNs - Harness(r) + tx) / swap).ToString("0.00", CultureInfo.InvariantCulture) : ""),
            cells.Select(c => c[6]));
        Assert.Equal(rows.Select(XdpBenchReport.Check), cells.Select(c => c[8]));
        Assert.Equal(rows.Select(r => r.ExpectedPath == "" ? "" : r.NewFlows.ToString(CultureInfo.InvariantCulture)), cells.Select(c => c[9]));
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
