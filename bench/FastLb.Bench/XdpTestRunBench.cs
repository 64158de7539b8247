using FastLb.Interop;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Model;
using FastLb.Reconciler;
using FastLb.Wire;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastLb.Bench;

/// <summary>
/// ns/packet of the XDP program through BPF_PROG_TEST_RUN, beside two baselines measured in the
/// same run: a program that only returns XDP_TX, and one that swaps MACs and returns XDP_TX.
/// The kernel does not restore the frame between repeats, so each fastlb row reads the
/// program's own counters to show that every iteration took the path the row names.
/// </summary>
public static class XdpTestRunBench
{
    private const string Config = """
        interface: bench0
        services:
          - name: web
            vip: 203.0.113.10
            port: 80
            reals:
              - {name: r1, address: 192.0.2.11, port: 80, mac: "02:00:00:00:00:11"}
              - {name: r2, address: 192.0.2.12, port: 80, mac: "02:00:00:00:00:12"}
              - {name: r3, address: 192.0.2.13, port: 80, mac: "02:00:00:00:00:13"}
          - name: nat
            vip: 203.0.113.20
            port: 80
            reals:
              - {name: self, address: 203.0.113.20, port: 80, mac: "02:00:00:00:00:21"}
        """;

    public static IReadOnlyList<XdpBenchRow> Run(uint repeat, int runs)
    {
        var vipHit = Frame.Ethernet("02:00:00:00:00:10", "02:00:00:00:00:02").IPv4("198.51.100.10", "203.0.113.10")
            .Tcp(40000, 80, TcpFlags.Ack, payload: new byte[64]).Build();
        var notVip = Frame.Ethernet("02:00:00:00:00:10", "02:00:00:00:00:02").IPv4("198.51.100.10", "192.0.2.2")
            .Tcp(40000, 22, TcpFlags.Ack, payload: new byte[64]).Build();

        // The NAT rows need a frame that is the same after the rewrite (the kernel does not restore
        // it between repeats): the transparent service's real is its own VIP, so the full rewrite
        // (addresses, ports, checksums, MAC) runs every repeat and leaves a frame of the same path.
        var natHit = Frame.Ethernet("02:00:00:00:00:10", "02:00:00:00:00:02").IPv4("198.51.100.10", "203.0.113.20")
            .Tcp(40000, 80, TcpFlags.Ack, payload: new byte[64]).Build();
        var natReply = Frame.Ethernet("02:00:00:00:00:21", "02:00:00:00:00:10").IPv4("203.0.113.20", "198.51.100.10")
            .Tcp(80, 40000, TcpFlags.Ack, payload: new byte[64]).Build();
        var config = ConfigLoader.Parse(Config, "bench.yaml", DataPlaneLimits.Config);
        config = config with { Services = [.. config.Services.Select(s => s.Name == "nat" ? s with { Mode = ForwardingMode.Transparent } : s)] };

        using var dp = DataPlane.Load(NullLogger.Instance);
        var plan = Planner.Plan(config, AlwaysUp.Instance,
            new IndexAllocator(AbiLimits.MaxServices, "service"), new IndexAllocator(AbiLimits.MaxReals, "real"));
        new MapWriter(dp).Apply(plan);
        dp.Topology.Update(0u, Topology.Create(System.Net.NetworkInformation.PhysicalAddress.Parse("02-00-00-00-00-02"), 1));

        using var tx = BpfObject.Open(NativePaths.BpfObject("xdp_tx"));
        tx.Load();
        using var swap = BpfObject.Open(NativePaths.BpfObject("xdp_macswap"));
        swap.Load();

        return
        [
            Measure("baseline: XDP_TX only", tx.Program("xdp_tx_only"), vipHit, repeat, runs, null, default),
            Measure("baseline: MAC swap + XDP_TX", swap.Program("xdp_macswap"), vipHit, repeat, runs, null, default),
            Measure("fastlb: VIP hit (L2 DSR, XDP_TX)", dp.Program, vipHit, repeat, runs, dp, Reason.TxForward),
            Measure("fastlb: not a VIP (XDP_PASS)", dp.Program, notVip, repeat, runs, dp, Reason.PassNotVip),
            Measure("fastlb: VIP hit (transparent NAT, XDP_TX)", dp.Program, natHit, repeat, runs, dp, Reason.TxForward),
            Measure("fastlb: NAT reply (transparent, XDP_TX)", dp.Program, natReply, repeat, runs, dp, Reason.TxReply),
        ];
    }

    private static XdpBenchRow Measure(string name, BpfProgram program, byte[] frame, uint repeat, int runs, DataPlane? dp, Reason path)
    {
        var output = new byte[frame.Length + 256];
        var before = dp is null ? 0 : Packets(dp, path);
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            samples[i] = program.TestRun(frame, output, repeat).DurationNs;
        }
        Array.Sort(samples);
        var hits = dp is null ? 0 : Packets(dp, path) - before;
        return new XdpBenchRow(name, program.Name, samples[runs / 2], samples[0], samples[^1], dp is null ? "" : path.ToString(), hits, (ulong)repeat * (ulong)runs);
    }

    private static ulong Packets(DataPlane dp, Reason reason)
    {
        ulong sum = 0;
        foreach (var c in dp.Stats.LookupPerCpu<uint, Counter>((uint)reason))
        {
            sum += c.Packets;
        }
        return sum;
    }

    /// <summary>The markdown table: ns/packet, ratio to the MAC-swap baseline, and the path check.</summary>
    public static string Table(IReadOnlyList<XdpBenchRow> rows)
    {
        var swap = rows.Single(r => r.Program == "xdp_macswap").MedianNs;
        var lines = new List<string>
        {
            "| row | program | ns/packet (median) | min–max of the runs | × MAC swap | every iteration took the path |",
            "|---|---|---:|---:|---:|---|",
        };
        foreach (var r in rows)
        {
            var check = r.PathHeld switch
            {
                null => "n/a (baseline)",
                true => $"yes: {r.ExpectedPath} {r.PathHits}/{r.Iterations}",
                false => $"NO: {r.ExpectedPath} {r.PathHits}/{r.Iterations}",
            };
            lines.Add(FormattableString.Invariant($"| {r.Name} | {r.Program} | {r.MedianNs:0.0} | {r.MinNs:0}–{r.MaxNs:0} | {r.MedianNs / swap:0.00} | {check} |"));
        }
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The same rows as JSON, for tools: one object per row, the path check as true, false or null (baseline).</summary>
    public static string Json(IReadOnlyList<XdpBenchRow> rows)
    {
        var swap = rows.Single(r => r.Program == "xdp_macswap").MedianNs;
        var doc = new
        {
            rows = rows.Select(r => new
            {
                name = r.Name,
                program = r.Program,
                medianNs = r.MedianNs,
                minNs = r.MinNs,
                maxNs = r.MaxNs,
                ratioToMacSwap = r.MedianNs / swap,
                expectedPath = r.ExpectedPath == "" ? null : r.ExpectedPath,
                pathHits = r.PathHits,
                iterations = r.Iterations,
                pathHeld = r.PathHeld,
            }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
