using System.Diagnostics;
using FastLb.Interop;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Wire;

namespace FastLb.Bench;

/// <summary>
/// ns/packet of the XDP program through BPF_PROG_TEST_RUN. The kernel does not restore the frame
/// between repeats, so fastlb runs behind a harness (bench_harness) that writes the original
/// frame back and varies its flow on every iteration, then tail-calls the program. Three
/// baselines in the same run: XDP_TX only, a MAC swap, and the harness tail-calling XDP_TX.
/// Each fastlb row reads the program's counters to prove every measured iteration took its path
/// and reports how many flows were pinned (new or rescheduled) while it ran.
/// </summary>
public static class XdpTestRunBench
{
    public const string HarnessBaseline = "baseline: harness (restore + tail call) + XDP_TX";

    /// <summary>A client's TCP segment to the dsr-l2 VIP, source 198.51.100.10:40000.</summary>
    public static byte[] VipFrame() => Frame.Ethernet("02:00:00:00:00:10", BenchPlane.LbMac).IPv4("198.51.100.10", "203.0.113.10")
        .Tcp(40000, 80, TcpFlags.Ack, payload: new byte[64]).Build();

    /// <summary>The fastlb rows of dsr-l2: one flow, a new flow per packet, 100 k and 1 M established flows, not a VIP.</summary>
    public static IReadOnlyList<XdpBenchCase> DsrL2Cases()
    {
        var config = BenchPlane.DsrL2Config("bench0");
        var vip = VipFrame();
        var notVip = Frame.Ethernet("02:00:00:00:00:10", BenchPlane.LbMac).IPv4("198.51.100.10", "192.0.2.2")
            .Tcp(40000, 22, TcpFlags.Ack, payload: new byte[64]).Build();
        return
        [
            new("dsr-l2: one flow, established", config, vip, FlowVariation.Client(1), Reason.TxForward, WarmUp: 1),
            new("dsr-l2: a new flow per packet", config, vip, FlowVariation.Client(0), Reason.TxForward),
            new("dsr-l2: 100 k established flows", config, vip, FlowVariation.Client(100_000), Reason.TxForward, WarmUp: 100_000),
            new("dsr-l2: 1 M established flows", config, vip, FlowVariation.Client(1_000_000), Reason.TxForward, WarmUp: 1_000_000),
            new("dsr-l2: not a VIP (XDP_PASS)", config, notVip, FlowVariation.Client(1), Reason.PassNotVip),
        ];
    }

    /// <summary>The three baselines, then every case through the harness.</summary>
    public static IReadOnlyList<XdpBenchRow> Run(uint repeat, int runs, IReadOnlyList<XdpBenchCase>? cases = null)
    {
        cases ??= DsrL2Cases();
        var vip = VipFrame();
        using var tx = BpfObject.Open(NativePaths.BpfObject("xdp_tx"));
        tx.Load();
        using var swap = BpfObject.Open(NativePaths.BpfObject("xdp_macswap"));
        swap.Load();
        using var source = FrameSource.Load();

        var rows = new List<XdpBenchRow>
        {
            Direct("baseline: XDP_TX only", tx.Program("xdp_tx_only"), vip, repeat, runs),
            Direct("baseline: MAC swap + XDP_TX", swap.Program("xdp_macswap"), vip, repeat, runs),
        };
        source.SetTarget(source.TailTx);
        source.SetFrame(vip, FlowVariation.Client(1));
        var (kernel, wall) = Sample(source.Harness, vip, repeat, runs);
        rows.Add(new XdpBenchRow(HarnessBaseline, source.TailTx.Name, true, kernel[runs / 2], kernel[0], kernel[^1], wall[runs / 2], "", 0, (ulong)repeat * (ulong)runs, 0, 0));
        foreach (var c in cases)
        {
            rows.Add(Harnessed(source, c, repeat, runs));
        }
        return rows;
    }

    private static XdpBenchRow Direct(string name, BpfProgram program, byte[] frame, uint repeat, int runs)
    {
        var (kernel, wall) = Sample(program, frame, repeat, runs);
        return new XdpBenchRow(name, program.Name, false, kernel[runs / 2], kernel[0], kernel[^1], wall[runs / 2], "", 0, (ulong)repeat * (ulong)runs, 0, 0);
    }

    private static XdpBenchRow Harnessed(FrameSource source, XdpBenchCase c, uint repeat, int runs)
    {
        using var dp = BenchPlane.Load(c.Config);
        source.SetTarget(dp.Program);
        var output = new byte[c.Frame.Length + 256];
        if (c.WarmUp > 0)
        {
            source.SetFrame(c.WarmFrame ?? c.Frame, c.WarmVariation ?? c.Variation);
            source.Harness.TestRun(c.WarmFrame ?? c.Frame, output, c.WarmUp);
        }
        source.SetFrame(c.Frame, c.Variation);
        var hitsBefore = BenchPlane.Packets(dp, c.Path);
        var flowsBefore = BenchPlane.NewFlows(dp);
        var (kernel, wall) = Sample(source.Harness, c.Frame, repeat, runs);
        var hits = BenchPlane.Packets(dp, c.Path) - hitsBefore;
        var flows = BenchPlane.NewFlows(dp) - flowsBefore;
        return new XdpBenchRow(c.Name, dp.Program.Name, true, kernel[runs / 2], kernel[0], kernel[^1], wall[runs / 2],
            c.Path.ToString(), hits, (ulong)repeat * (ulong)runs, flows, c.WarmUp);
    }

    /// <summary>Per run: the kernel's ns/repeat and the wall clock's over the whole call; both sorted.</summary>
    private static (double[] Kernel, double[] Wall) Sample(BpfProgram program, byte[] frame, uint repeat, int runs)
    {
        var output = new byte[frame.Length + 256];
        var kernel = new double[runs];
        var wall = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            kernel[i] = program.TestRun(frame, output, repeat).DurationNs;
            wall[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / repeat;
        }
        Array.Sort(kernel);
        Array.Sort(wall);
        return (kernel, wall);
    }
}
