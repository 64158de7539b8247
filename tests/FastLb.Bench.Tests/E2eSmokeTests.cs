// The packet-rate bench runs in a namespace lab and its report is well formed: every row, every
// frame of every row counted at the receiving end, fastlb's path proven by its counters, and
// nothing left behind. Never how fast.
using System.Globalization;
using System.Text.Json;
using FastLb.Bench;
using FastLb.Lab;
using FastLb.Testing;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class E2eSmokeTests
{
    private const ulong Packets = 5000;

    [RootFact]
    public void E2eBench_SmokeRun_EveryRowCountedFastlbPathsProvenAndTheLabIsGone()
    {
        Privileges.RequireRoot();
        var lab = E2eLab.Create();
        IReadOnlyList<E2eRow> rows;
        string outsideAfter;
        try
        {
            rows = E2eBench.Run(Packets, runs: 2, lab: lab);
            outsideAfter = lab.Balancer.Ip("link", "show", lab.OutsideInterface);
        }
        finally
        {
            lab.Dispose();
        }

        const string G = "generator's veth", R = "reals' veth", B = "balancer's veth", L = "live frames";
        Assert.Equal(E2eStages.All().Select(s => s.Name), rows.Select(r => r.Name));
        Assert.Equal([B, B, G, R, G, G, G, G, R, R, R, G, R, G, G, G, G], rows.Select(r => r.CountedAt));
        Assert.Equal([L, "AF_XDP", L, L, L, L, L, "AF_XDP", L, L, L, L, L, L, L, L, L], rows.Select(r => r.Generator));
        Assert.Equal([null, 0L, null, null, null, null, null, 0L, null, null, null, null, null, null, null, null, null], rows.Select(r => r.SendAllocatedBytes));
        // Every frame was offered; the generator runs on another CPU than the balancer, whose veth
        // ring drops what its CPU cannot take, so delivery is a fraction, never more than what was
        // sent (nothing else in the lab sends IPv4).
        Assert.All(rows, r => Assert.Equal(Packets * 2, r.Offered));
        Assert.All(rows, r => Assert.InRange(r.DeliveredFraction, 0.001, 1.0));
        // The balancer's NAPI threads ran for every row: its CPU time per frame is known.
        Assert.All(rows, r => Assert.True(r.BalancerNsPerFrame > 0, r.Name));
        string[] paths = ["", "", "", "", "TxForward", "TxForward", "TxForward", "TxForward", "", "", "RedirectForward", "RedirectReply", "RedirectForward", "RedirectReply", "TxForward", ReferenceBalancer.PathName, "TxForward"];
        Assert.Equal(paths, rows.Select(r => r.Path));
        // fastlb counted every frame it saw under the row's reason, the reference balancer chose a real
        // for every frame it saw, and neither saw more than was offered.
        Assert.Equal(rows.Select(r => r.Seen), rows.Select(r => r.PathHits));
        Assert.Equal(paths.Select(p => p != ""), rows.Select(r => r.Seen is > 0 and <= Packets * 2));
        Assert.All(rows, r => Assert.InRange(r.ReceivedMpps, r.MinReceivedMpps, r.MaxReceivedMpps));
        // Each live-frame fastlb or reference row took turns with a redirect ceiling, run by run, and no other row: a
        // ratio per run, each over a ceiling run that delivered, and the row's own runs still all on its path (above).
        Assert.Equal(rows.Select(r => r.Path != "" && r.Generator == L), rows.Select(r => r.AdjacentCeilingMpps is > 0));
        Assert.Equal(rows.Select(r => r.AdjacentCeilingMpps is > 0 ? 2 : 0), rows.Select(r => r.PairRatios?.Count ?? 0));
        Assert.All(rows.Where(r => r.PairRatios is not null), r => Assert.All(r.PairRatios!, p => Assert.True(p > 0, r.Name)));

        var (header, cells) = MarkdownTable.Parse(E2eReport.Table(rows));
        Assert.Equal(E2eReport.Header, header);
        Assert.Equal(rows.Select(r => r.Name), cells.Select(c => c[0]));
        // The AF_XDP rows name the bytes their send loops allocated: none.
        Assert.Equal([L, "AF_XDP (0 B allocated)", L, L, L, L, L, "AF_XDP (0 B allocated)", L, L, L, L, L, L, L, L, L], cells.Select(c => c[1]));
        Assert.Equal("1.00", cells.Single(c => c[0].StartsWith(E2eReport.Ceiling, StringComparison.Ordinal))[7]);
        Assert.Equal("1.00", cells.Single(c => c[0].StartsWith(E2eReport.Nftables, StringComparison.Ordinal))[8]);
        Assert.Equal(rows.Select(r => r.Path == "" ? "" : $"yes: {r.Path} {r.Seen} of {r.Seen} seen, {Packets * 2} offered"), cells.Select(c => c[9]));
        Assert.Equal(rows.Select(r => r.AdjacentCeilingMpps is > 0), cells.Select(c => c[14] != ""));
        using var doc = JsonDocument.Parse(E2eReport.Json(rows));
        Assert.Equal(rows.Select(r => r.ReceivedMpps), doc.RootElement.GetProperty("rows").EnumerateArray().Select(p => p.GetProperty("receivedMpps").GetDouble()));
        // Every stage took its program off the balancer's veth; the lab's namespaces are gone.
        Assert.DoesNotContain("xdp", outsideAfter, StringComparison.Ordinal);
        Assert.Contains(lab.OutsideInterface, outsideAfter, StringComparison.Ordinal);
        var left = Command.Run("ip", "netns", "list").Split('\n').Select(l => l.Split(' ')[0]);
        Assert.DoesNotContain(left, n => n == lab.Generator.Name || n == lab.Balancer.Name || n == lab.Reals.Name);
    }

    [Fact]
    public void Report_PathBroken_SaysNo()
    {
        E2eRow[] rows =
        [
            new("ceiling: redirect only", "live frames", "reals' veth", 100, 1, 2, 2, 2, 2, 1.0, BalancerNsPerFrame: 400),
            new("nftables DNAT, numgen", "live frames", "reals' veth", 100, 1, 0.5, 0.5, 0.5, 0.5, 1.0, BalancerNsPerFrame: 2000),
            new("fastlb dsr-l2", "live frames", "generator's veth", 100, 1, 1.8, 1.6, 1.6, 1.6, 0.9, "TxForward", 89, 100, 90, BalancerNsPerFrame: 500),
            new("fastlb routed", "live frames", "reals' veth", 100, 1, 1.8, 1.6, 1.6, 1.6, 0.9, "RedirectForward", 90, 100, 90),
        ];

        var (_, cells) = MarkdownTable.Parse(E2eReport.Table(rows));

        Assert.Equal(["1.00", "0.25", "0.80", "0.80"], cells.Select(c => c[7]));
        Assert.Equal(["4.00", "1.00", "3.20", "3.20"], cells.Select(c => c[8]));
        // Frames lost before fastlb are not a broken path; a seen frame counted elsewhere is.
        Assert.Equal(["", "", "NO: TxForward 89 of 90 seen, 100 offered", "yes: RedirectForward 90 of 90 seen, 100 offered"], cells.Select(c => c[9]));
        Assert.Equal((0.9).ToString("P1", CultureInfo.InvariantCulture), cells[2][6]);
        // Balancer CPU ns per frame as measured (none for a row without it); no "generator alone" row
        // here, so nothing beyond a bare counter; nftables' ns over the row's.
        Assert.Equal(["400", "2000", "500", ""], cells.Select(c => c[10]));
        Assert.Equal(["", "", "", ""], cells.Select(c => c[11]));
        Assert.Equal(["5.00", "1.00", "4.00", ""], cells.Select(c => c[12]));
        var withGenerator = E2eReport.Table([new("generator alone: live frames", "live frames", "balancer's veth", 100, 1, 4, 4, 4, 4, 1.0, BalancerNsPerFrame: 100), .. rows]);
        Assert.Equal(["", "300", "1900", "400", ""], MarkdownTable.Parse(withGenerator).Rows.Select(c => c[11]));
        Assert.Equal("""
            Targets (≥ 0.80 × redirect ceiling, ≥ 5 × nftables numgen), same run:

            - fastlb dsr-l2: 0.80 × ceiling (met), 3.20 × nftables (NOT met); balancer CPU 500 ns/frame against nftables' 2000: 4.00 × (NOT met)
            - fastlb routed: 0.80 × ceiling (met), 3.20 × nftables (NOT met)

            """, E2eReport.Targets(rows));
        Assert.Equal("Targets not evaluated: the run has no redirect ceiling or no nftables row.\n", E2eReport.Targets(rows[1..]));
    }

    [Fact]
    public void Targets_WithTheReferenceRow_JudgeOnlyFastlb_AndSetDsrIpipBesideIt()
    {
        E2eRow[] rows =
        [
            new("ceiling: redirect only", "live frames", "reals' veth", 100, 1, 2, 2, 2, 2, 1.0, BalancerNsPerFrame: 400),
            new("nftables DNAT, numgen", "live frames", "reals' veth", 100, 1, 0.5, 0.5, 0.5, 0.5, 1.0, BalancerNsPerFrame: 2000),
            new("fastlb dsr-ipip", "live frames", "generator's veth", 100, 1, 1.8, 1.5, 1.5, 1.5, 0.9, "TxForward", 90, 100, 90, BalancerNsPerFrame: 450,
                AdjacentCeilingMpps: 2),
            new(E2eStages.Reference, "live frames", "generator's veth", 100, 1, 1.8, 1.2, 1.2, 1.2, 0.9, ReferenceBalancer.PathName, 90, 100, 90,
                BalancerNsPerFrame: 600, AdjacentCeilingMpps: 1.6),
        ];

        Assert.Equal("""
            Targets (≥ 0.80 × redirect ceiling, ≥ 5 × nftables numgen), same run:

            - fastlb dsr-ipip: 0.75 × the ceiling run by run (NOT met; each round: 0.75 (0.75); over the run's ceiling row: 0.75), 3.00 × nftables (NOT met); balancer CPU 450 ns/frame against nftables' 2000: 4.44 × (NOT met)

            Beside the reference balancer (same VIP, real and topology): fastlb dsr-ipip 1.25 × its rate; over the ceiling run by run: 0.75 against 0.75; balancer CPU 450 ns/frame against 600: 0.75 of it.

            """, E2eReport.Targets(rows));
        Assert.Equal("", E2eReport.BesideReference(rows[..3]));
    }
}
