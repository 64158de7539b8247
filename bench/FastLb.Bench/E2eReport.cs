namespace FastLb.Bench;

/// <summary>The packet-rate rows as markdown and JSON, each rate beside the redirect ceiling and nftables of the same run.</summary>
public static class E2eReport
{
    public const string Ceiling = "ceiling: redirect only";
    public const string Nftables = "nftables DNAT, numgen";

    public static readonly string[] Header =
    [
        "row", "generator", "counted at", "Mpps received (median)", "min–max", "Mpps offered", "delivered",
        "× redirect ceiling", "× nftables (numgen)", "every frame the balancer saw took the path",
        "balancer CPU ns/frame", "balancer CPU ns/frame beyond a bare counter", "× nftables in balancer CPU per frame",
        "× redirect ceiling, each round against its own",
        "× the redirect ceiling, run by run (median of the rounds; each round)",
    ];

    /// <summary>The row that measures the generator alone (same generator), if the run has one.</summary>
    public static E2eRow? GeneratorAlone(IReadOnlyList<E2eRow> rows, E2eRow r) =>
        rows.FirstOrDefault(g => g.Name.StartsWith("generator alone", StringComparison.Ordinal) && g.Generator == r.Generator);

    public static string Table(IReadOnlyList<E2eRow> rows)
    {
        var ceiling = Rate(rows, Ceiling);
        var nft = Rate(rows, Nftables);
        var nftNs = rows.FirstOrDefault(r => r.Name.StartsWith(Nftables, StringComparison.Ordinal))?.BalancerNsPerFrame;
        return BenchReport.Table(Header, "|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|", rows.Select(r => FormattableString.Invariant(
            $"| {r.Name} | {Generator(r)} | {r.CountedAt} | {r.ReceivedMpps:0.000} | {r.MinReceivedMpps:0.000}–{r.MaxReceivedMpps:0.000} | {r.OfferedMpps:0.000} | {r.DeliveredFraction:P1} | {Ratio(r.ReceivedMpps, ceiling)} | {Ratio(r.ReceivedMpps, nft)} | {Check(r)} | {Ns(r.BalancerNsPerFrame)} | {Beyond(rows, r)} | {(r.BalancerNsPerFrame is > 0 && nftNs is > 0 ? Ratio(nftNs.Value, r.BalancerNsPerFrame) : "")} | {ByRound(r)} | {Adjacent(r)} |")));
    }

    /// <summary>
    /// "" for rows whose balancer keeps no counts, else yes/NO: every frame the balancer (fastlb, the
    /// reference) saw was counted on the row's path (frames seen / offered shows what was lost before it).
    /// </summary>
    public static string Check(E2eRow r) => r.Path == "" ? "" :
        $"{(r.PathHits == r.Seen && r.Seen > 0 ? "yes" : "NO")}: {r.Path} {r.PathHits} of {r.Seen} seen, {r.Offered} offered";

    public static string Json(IReadOnlyList<E2eRow> rows, object? run = null)
    {
        var ceiling = Rate(rows, Ceiling);
        var nft = Rate(rows, Nftables);
        return BenchReport.Json(run, rows.Select(r => new
        {
            name = r.Name,
            generator = r.Generator,
            countedAt = r.CountedAt,
            packetsPerRun = r.PacketsPerRun,
            runs = r.Runs,
            receivedMpps = r.ReceivedMpps,
            minReceivedMpps = r.MinReceivedMpps,
            maxReceivedMpps = r.MaxReceivedMpps,
            offeredMpps = r.OfferedMpps,
            delivered = r.DeliveredFraction,
            ratioToRedirectCeiling = ceiling is null ? (double?)null : r.ReceivedMpps / ceiling,
            ratioToNftables = nft is null ? (double?)null : r.ReceivedMpps / nft,
            path = r.Path == "" ? null : r.Path,
            pathHits = r.PathHits,
            offered = r.Offered,
            seen = r.Seen,
            sendAllocatedBytes = r.SendAllocatedBytes,
            balancerCpuNsPerFrame = r.BalancerNsPerFrame,
            ratioToRedirectCeilingByRound = r.CeilingRatioByRound,
            ratioToAdjacentCeiling = r.AdjacentRatioMedian,
            ratioToAdjacentCeilingByRound = r.AdjacentRatios,
            adjacentCeilingMpps = r.AdjacentCeilingMpps,
            ratioToAdjacentCeilingRunPairs = r.PairRatios,
        }));
    }

    /// <summary>
    /// The issue's targets for every live-frame fastlb row: at least 0.80 × the redirect ceiling and
    /// at least 5 × nftables (numgen), each marked met or not met, as a markdown list; then fastlb
    /// dsr-ipip beside the reference balancer (<see cref="BesideReference"/>). The ceiling
    /// target is judged on the ceiling that took turns with the row, run by run (median over the rounds),
    /// when the run has it, else on the run's ceiling row.
    /// </summary>
    public static string Targets(IReadOnlyList<E2eRow> rows)
    {
        var ceiling = Rate(rows, Ceiling);
        var nft = Rate(rows, Nftables);
        if (ceiling is not > 0 || nft is not > 0)
        {
            return "Targets not evaluated: the run has no redirect ceiling or no nftables row.\n";
        }
        var nftNs = rows.First(r => r.Name.StartsWith(Nftables, StringComparison.Ordinal)).BalancerNsPerFrame;
        var lines = rows.Where(r => r.Path != "" && r.Generator == "live frames" && r.Name.StartsWith("fastlb", StringComparison.Ordinal)).Select(r => FormattableString.Invariant(
            $"- {r.Name}: {CeilingTarget(r, ceiling.Value)}, {r.ReceivedMpps / nft.Value:0.00} × nftables ({(r.ReceivedMpps >= 5 * nft.Value ? "met" : "NOT met")})")
            + (r.BalancerNsPerFrame is > 0 && nftNs is > 0
                ? FormattableString.Invariant($"; balancer CPU {r.BalancerNsPerFrame:0} ns/frame against nftables' {nftNs:0}: {nftNs / r.BalancerNsPerFrame:0.00} × ({(nftNs >= 5 * r.BalancerNsPerFrame ? "met" : "NOT met")})")
                : ""));
        return "Targets (≥ 0.80 × redirect ceiling, ≥ 5 × nftables numgen), same run:\n\n" + string.Join('\n', lines) + "\n" + BesideReference(rows);
    }

    /// <summary>
    /// fastlb dsr-ipip beside the reference balancer on the same VIP, real and topology: its rate over
    /// the reference's, each over the ceiling run by run, and the balancer CPU per frame;
    /// "" when the run lacks either row.
    /// </summary>
    public static string BesideReference(IReadOnlyList<E2eRow> rows)
    {
        var reference = rows.FirstOrDefault(r => r.Name.StartsWith(E2eStages.Reference, StringComparison.Ordinal));
        var ipip = rows.FirstOrDefault(r => r.Name.StartsWith("fastlb dsr-ipip", StringComparison.Ordinal));
        if (reference is not { ReceivedMpps: > 0 } || ipip is null)
        {
            return "";
        }
        var cpu = ipip.BalancerNsPerFrame is > 0 && reference.BalancerNsPerFrame is > 0
            ? FormattableString.Invariant($"; balancer CPU {ipip.BalancerNsPerFrame:0} ns/frame against {reference.BalancerNsPerFrame:0}: {ipip.BalancerNsPerFrame / reference.BalancerNsPerFrame:0.00} of it")
            : "";
        var adjacent = ipip.AdjacentRatioMedian is { } a && reference.AdjacentRatioMedian is { } b
            ? FormattableString.Invariant($"; over the ceiling run by run: {a:0.00} against {b:0.00}")
            : "";
        return FormattableString.Invariant(
            $"\nBeside the reference balancer (same VIP, real and topology): fastlb dsr-ipip {ipip.ReceivedMpps / reference.ReceivedMpps:0.00} × its rate{adjacent}{cpu}.\n");
    }

    /// <summary>"0.78 × the ceiling run by run (met / NOT met; each round: ...; the run's ceiling row: 0.75)".</summary>
    private static string CeilingTarget(E2eRow r, double ceiling)
    {
        var whole = r.ReceivedMpps / ceiling;
        if (r.AdjacentRatioMedian is not { } adjacent)
        {
            return FormattableString.Invariant($"{whole:0.00} × ceiling ({(whole >= 0.8 ? "met" : "NOT met")}{(r.CeilingRatioByRound is null ? "" : "; each round against its own: " + ByRound(r))})");
        }
        return FormattableString.Invariant($"{adjacent:0.00} × the ceiling run by run ({(adjacent >= 0.8 ? "met" : "NOT met")}; each round: {Adjacent(r)}; over the run's ceiling row: {whole:0.00})");
    }

    /// <summary>"0.78 (0.74, 0.81)": the median over the rounds of the row over the ceiling run by run, then each round's.</summary>
    private static string Adjacent(E2eRow r)
    {
        if (r.AdjacentRatioMedian is not { } median)
        {
            return "";
        }
        return FormattableString.Invariant($"{median:0.00} ({string.Join(", ", r.AdjacentRatios!.Select(v => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))})");
    }

    /// <summary>The generator, with the bytes its send loops allocated when it is the AF_XDP sender.</summary>
    public static string Generator(E2eRow r) => r.SendAllocatedBytes is { } bytes ? FormattableString.Invariant($"{r.Generator} ({bytes} B allocated)") : r.Generator;

    /// <summary>"0.55, 0.61": the row over each round's own ceiling; "" for a single round.</summary>
    private static string ByRound(E2eRow r) =>
        r.CeilingRatioByRound is { } x ? string.Join(", ", x.Select(v => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))) : "";

    private static string Ns(double? ns) => ns is > 0 ? FormattableString.Invariant($"{ns:0}") : "";

    /// <summary>
    /// Balancer CPU ns per frame above the same generator's row into a bare counter on the balancer's
    /// veth (receiving and counting a frame): what the balancer and its hops add.
    /// </summary>
    private static string Beyond(IReadOnlyList<E2eRow> rows, E2eRow r) =>
        GeneratorAlone(rows, r) is { BalancerNsPerFrame: > 0 } g && r.BalancerNsPerFrame is > 0 && !ReferenceEquals(g, r)
            ? FormattableString.Invariant($"{r.BalancerNsPerFrame - g.BalancerNsPerFrame:0}")
            : "";

    private static double? Rate(IReadOnlyList<E2eRow> rows, string prefix) =>
        rows.FirstOrDefault(r => r.Name.StartsWith(prefix, StringComparison.Ordinal))?.ReceivedMpps;

    private static string Ratio(double rate, double? baseline) =>
        baseline is > 0 ? FormattableString.Invariant($"{rate / baseline.Value:0.00}") : "";
}
