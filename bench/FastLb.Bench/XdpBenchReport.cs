using System.Globalization;

namespace FastLb.Bench;

/// <summary>The test-run rows as a markdown table and as JSON, ratios taken within the same run.</summary>
public static class XdpBenchReport
{
    public static readonly string[] Header =
    [
        "row", "program", "kernel ns/packet (median)", "min–max of the runs", "wall-clock ns/packet (median)",
        "× MAC swap", "net × MAC swap", "minus the harness (ns)", "every iteration took the path", "flows pinned while measured",
    ];

    /// <summary>The markdown table; kernel figures are the kernel's whole-ns average per repeat.</summary>
    public static string Table(IReadOnlyList<XdpBenchRow> rows)
    {
        var swap = rows.Single(r => r.Program == "xdp_macswap").MedianNs;
        return BenchReport.Table(Header, "|---|---|---:|---:|---:|---:|---:|---:|---|---:|", rows.Select(r =>
        {
            var net = HarnessNs(rows, r) is double h ? FormattableString.Invariant($"{r.MedianNs - h:0}") : "";
            var netRatio = NetRatio(rows, r) is double x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "";
            var flows = r.ExpectedPath == "" ? "" : FormattableString.Invariant($"{r.NewFlows}");
            return FormattableString.Invariant(
                $"| {r.Name} | {r.Program} | {r.MedianNs:0.0} | {r.MinNs:0}–{r.MaxNs:0} | {(double.IsNaN(r.WallNs) ? "" : r.WallNs.ToString("0.0", CultureInfo.InvariantCulture))} | {r.MedianNs / swap:0.00} | {netRatio} | {net} | {Check(r)} | {flows} |");
        }));
    }

    /// <summary>
    /// A harnessed row as if the program ran alone, over the MAC-swap baseline of the same run:
    /// (row − harness + XDP_TX-only baseline) / MAC swap, the harness being <see cref="HarnessNs"/>.
    /// Taking the harness away and adding XDP_TX only back leaves the program and the test run's own
    /// per-iteration cost, which the MAC-swap baseline carries too. Null for baselines.
    /// </summary>
    public static double? NetRatio(IReadOnlyList<XdpBenchRow> rows, XdpBenchRow r)
    {
        var tx = rows.SingleOrDefault(x => x.Program == "xdp_tx_only");
        var swap = rows.Single(x => x.Program == "xdp_macswap").MedianNs;
        return HarnessNs(rows, r) is double h && tx is not null ? (r.MedianNs - h + tx.MedianNs) / swap : null;
    }

    /// <summary>
    /// What the harness itself costs in a harnessed row: the harness baseline, and on a row whose head
    /// the harness shrank (L3 DSR) the one bpf_xdp_adjust_head that the baseline does not make
    /// (<see cref="XdpTestRunBench.HeadBaseline"/> − XDP_TX only). Null for baselines and when the
    /// baselines it needs are missing.
    /// </summary>
    public static double? HarnessNs(IReadOnlyList<XdpBenchRow> rows, XdpBenchRow r)
    {
        var harness = rows.SingleOrDefault(x => x.Name == XdpTestRunBench.HarnessBaseline);
        if (!Behind(r) || harness is null)
        {
            return null;
        }
        if (!r.HeadShrunk)
        {
            return harness.MedianNs;
        }
        var head = rows.SingleOrDefault(x => x.Name == XdpTestRunBench.HeadBaseline);
        var tx = rows.SingleOrDefault(x => x.Program == "xdp_tx_only");
        return head is not null && tx is not null ? harness.MedianNs + head.MedianNs - tx.MedianNs : null;
    }

    /// <summary>Issues 8 and 9's target: FastLb's rows at most this share of the reference balancer's cost.</summary>
    public const double ReferenceTarget = 0.70;

    /// <summary>
    /// The modes set beside the reference: the tunnels, which encapsulate as it does (issue 8), then
    /// dsr-l2, which does not (issue 9 quotes the same yardstick).
    /// </summary>
    public static readonly string[] ComparedModes = ["dsr-ipip", "dsr-gue", "dsr-l2"];

    /// <summary>
    /// Each reference row beside the rows of <see cref="ComparedModes"/> of the same name (from the same run), all net of the
    /// harness: the reference's net × MAC swap, then per mode its own and its share of the reference's
    /// (net ns over net ns), marked when at most <see cref="ReferenceTarget"/>. Empty without reference rows.
    /// </summary>
    public static string Comparison(IReadOnlyList<XdpBenchRow> rows)
    {
        var references = rows.Where(r => r.Name.StartsWith(XdpTestRunBench.ReferencePrefix, StringComparison.Ordinal) && NetRatio(rows, r) is not null).ToList();
        if (references.Count == 0)
        {
            return "";
        }
        string[] header = ["row", "reference net × MAC swap", .. ComparedModes.SelectMany(m => new[] { $"{m} net × MAC swap", $"{m} ÷ reference (target ≤ {ReferenceTarget:0.00})" })];
        var align = "|---|---:|" + string.Concat(ComparedModes.Select(_ => "---:|---|"));
        return BenchReport.Table(header, align, references.Select(r =>
        {
            var what = r.Name[XdpTestRunBench.ReferencePrefix.Length..];
            var reference = NetRatio(rows, r)!.Value;
            var cells = ComparedModes.SelectMany(m => rows.SingleOrDefault(x => x.Name == $"{m}: {what}") is { } t && NetRatio(rows, t) is double net
                ? new[] { Invariant(net), Share(net / reference) }
                : ["", ""]);
            return $"| {what} | {Invariant(reference)} | {string.Join(" | ", cells)} |";
        }));
    }

    private static string Share(double share) => Invariant(share) + (share <= ReferenceTarget ? ": met" : "");

    private static string Invariant(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);

    private static bool Behind(XdpBenchRow r) => r.ViaHarness && r.Name != XdpTestRunBench.HarnessBaseline;

    /// <summary>"n/a (baseline)", or yes/NO with the reason and hits over iterations.</summary>
    public static string Check(XdpBenchRow r) => r.PathHeld switch
    {
        null => "n/a (baseline)",
        true => $"yes: {r.ExpectedPath} {r.PathHits}/{r.Iterations}",
        false when r.Overflows => $"partly, flows exceed the table: {r.ExpectedPath} {r.PathHits}/{r.Iterations}{Rest(r)}",
        false => $"NO: {r.ExpectedPath} {r.PathHits}/{r.Iterations}{Rest(r)}",
    };

    private static string Rest(XdpBenchRow r) => r.Elsewhere == "" ? "" : $"; rest: {r.Elsewhere}";

    /// <summary>The same rows as JSON, for tools: one object per row, the path check as true, false or null (baseline).</summary>
    public static string Json(IReadOnlyList<XdpBenchRow> rows, object? run = null)
    {
        var swap = rows.Single(r => r.Program == "xdp_macswap").MedianNs;
        return BenchReport.Json(run, rows.Select(r => new
        {
            name = r.Name,
            program = r.Program,
            viaHarness = r.ViaHarness,
            medianNs = r.MedianNs,
            minNs = r.MinNs,
            maxNs = r.MaxNs,
            wallNs = double.IsNaN(r.WallNs) ? (double?)null : r.WallNs,
            ratioToMacSwap = r.MedianNs / swap,
            netRatioToMacSwap = NetRatio(rows, r),
            headShrunk = r.HeadShrunk,
            expectedPath = r.ExpectedPath == "" ? null : r.ExpectedPath,
            pathHits = r.PathHits,
            iterations = r.Iterations,
            pathHeld = r.PathHeld,
            overflows = r.Overflows,
            elsewhere = r.Elsewhere == "" ? null : r.Elsewhere,
            newFlows = r.NewFlows,
            warmUp = r.WarmUp,
        }));
    }
}
