using System.Diagnostics;
using System.Net;
using FastLb.Interop;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Model;
using FastLb.Wire;

namespace FastLb.Bench;

/// <summary>
/// ns/packet of the XDP program through BPF_PROG_TEST_RUN. The kernel does not restore the frame
/// between repeats, so fastlb runs behind a harness (bench_harness) that writes the original
/// frame back and varies its flow on every iteration, then tail-calls the program. Three
/// baselines in the same run: XDP_TX only, a MAC swap, and the harness tail-calling XDP_TX; a
/// fourth, XDP_TX after one bpf_xdp_adjust_head, prices the head the harness shrinks on L3 DSR rows;
/// two more read one cold line of a table the default connection table's size per packet, the floor
/// of the 1 M-flow rows.
/// Each fastlb row reads the program's counters to prove every measured iteration took its path
/// and reports how many flows were pinned (new or rescheduled) while it ran. NAT rows run inside a
/// namespace built for bpf_fib_lookup (<see cref="NatNamespace"/>), as if the frame arrived on its
/// outside (requests) or inside (replies) veth.
/// </summary>
public static class XdpTestRunBench
{
    public const string HarnessBaseline = "baseline: harness (restore + tail call) + XDP_TX";

    /// <summary>
    /// XDP_TX after one bpf_xdp_adjust_head, run directly: with the XDP_TX-only baseline, the price of
    /// the one call the harness makes on an L3 DSR row (shrinking the head the encapsulation grew) and
    /// on no other row, which the harness baseline therefore does not hold.
    /// </summary>
    public const string HeadBaseline = "baseline: one bpf_xdp_adjust_head + XDP_TX";

    /// <summary>
    /// One scattered line of a 256 MiB table (the default connection table's size) read per packet,
    /// reads independent (the CPU overlaps several packets' misses), then XDP_TX.
    /// </summary>
    public const string ColdLineBaseline = "baseline: one cold line of a 256 MiB table, reads overlapping + XDP_TX";

    /// <summary>
    /// The same read with each address taken from the previous packet's read, so each packet waits for
    /// its own cache and TLB miss: the least a 1 M-flow row can cost when its lookup is not reached
    /// before the previous packet is done.
    /// </summary>
    public const string ColdChainBaseline = "baseline: one cold line of a 256 MiB table, each read waited for + XDP_TX";

    /// <summary>Lines of xdp_cold_line's table: one pass faults every page in before the cold rows are measured.</summary>
    private const uint ColdLines = 1u << 22;

    /// <summary>A client's TCP segment to the dsr-l2 VIP, source 198.51.100.10:40000.</summary>
    public static byte[] VipFrame() => Frame.Ethernet(BenchMacs.Client, BenchMacs.Lb).IPv4("198.51.100.10", "203.0.113.10")
        .Tcp(40000, 80, TcpFlags.Ack, payload: new byte[64]).Build();

    /// <summary>The same segment as a SYN: a new connection's first packet.</summary>
    public static byte[] VipSynFrame() => Frame.Ethernet(BenchMacs.Client, BenchMacs.Lb).IPv4("198.51.100.10", "203.0.113.10")
        .Tcp(40000, 80, TcpFlags.Syn).Build();

    /// <summary>
    /// The fastlb rows of dsr-l2: one flow, a new flow per packet (a segment of a flow the table does
    /// not know, as a node taking over mid-flow sees), a SYN per packet (a new connection each, as a
    /// SYN flood sends), 10 k, 100 k and 1 M established flows, not a VIP; then the same service
    /// stateless (`stateless: true`, nothing pinned) over 10 k and 1 M flows.
    /// </summary>
    public static IReadOnlyList<XdpBenchCase> DsrL2Cases()
    {
        var config = BenchPlane.DsrL2Config("bench0");
        var stateless = BenchPlane.Stateless(config);
        var vip = VipFrame();
        var notVip = Frame.Ethernet(BenchMacs.Client, BenchMacs.Lb).IPv4("198.51.100.10", "192.0.2.2")
            .Tcp(40000, 22, TcpFlags.Ack, payload: new byte[64]).Build();
        return
        [
            new("dsr-l2: one flow, established", config, vip, FlowVariation.Client(1), Reason.TxForward, WarmUp: 1),
            new("dsr-l2: a new flow per packet", config, vip, FlowVariation.Client(0), Reason.TxForward),
            new("dsr-l2: a SYN per packet (new connections, a SYN flood)", config, VipSynFrame(), FlowVariation.Client(0), Reason.TxForward),
            new("dsr-l2: 10 k established flows", config, vip, FlowVariation.Client(10_000), Reason.TxForward, WarmUp: 10_000),
            new("dsr-l2: 100 k established flows", config, vip, FlowVariation.Client(100_000), Reason.TxForward, WarmUp: 100_000),
            new("dsr-l2: 1 M established flows", config, vip, FlowVariation.Client(1_000_000), Reason.TxForward, WarmUp: 1_000_000),
            new("dsr-l2: 1 M established flows, out of opening order", config, vip, FlowVariation.Client(1_000_000) with { Stride = FlowVariation.Scattered },
                Reason.TxForward, WarmUp: 1_000_000, WarmVariation: FlowVariation.Client(1_000_000)),
            new("dsr-l2: not a VIP (XDP_PASS)", config, notVip, FlowVariation.Client(1), Reason.PassNotVip),
            new("dsr-l2 stateless: 10 k flows", stateless, vip, FlowVariation.Client(10_000), Reason.TxForward),
            new("dsr-l2 stateless: 1 M flows", stateless, vip, FlowVariation.Client(1_000_000), Reason.TxForward),
        ];
    }

    /// <summary>
    /// The NAT rows of <paramref name="mode"/> (routed or transparent), inline: requests from a client
    /// on the outside veth (one flow, a new flow per packet, in routed mode a SYN per packet, 100 k and 1 M
    /// established flows) and the real's replies on the inside veth after requests opened their flows
    /// (one, 100 k, 1 M flows).
    /// </summary>
    public static IReadOnlyList<XdpBenchCase> NatCases(ForwardingMode mode)
    {
        var m = mode == ForwardingMode.Routed ? "routed" : "transparent";
        var request = Frame.Ethernet(BenchMacs.Client, BenchMacs.Lb).IPv4("198.51.100.10", "203.0.113.40")
            .Tcp(10000, 80, TcpFlags.Ack, payload: new byte[64]).Build();
        var reply = Frame.Ethernet(BenchMacs.Real(1), BenchMacs.Inside).IPv4("192.0.2.11", "198.51.100.10")
            .Tcp(8080, 10000, TcpFlags.Ack, payload: new byte[64]).Build();
        var syn = Frame.Ethernet(BenchMacs.Client, BenchMacs.Lb).IPv4("198.51.100.10", "203.0.113.40").Tcp(10000, 80, TcpFlags.Syn).Build();
        XdpBenchCase Request(string what, uint flows, uint warm) => new($"{m}: request, {what}", BenchPlane.NatConfig, request,
            FlowVariation.Client(flows), Reason.RedirectForward, warm, Mode: mode, RealPort: 8080, Ingress: BenchIngress.Outside);
        XdpBenchCase[] Syn() => mode == ForwardingMode.Routed ?
            [new($"{m}: request, a SYN per packet (new connections, a SYN flood)", BenchPlane.NatConfig, syn, FlowVariation.Client(0),
                Reason.RedirectForward, 0, Mode: mode, RealPort: 8080, Ingress: BenchIngress.Outside)] : [];
        XdpBenchCase Reply(string what, uint flows) => new($"{m}: reply, {what}", BenchPlane.NatConfig, reply,
            FlowVariation.ClientAsDestination(flows), Reason.RedirectReply, flows, request, FlowVariation.Client(flows), mode, 8080,
            BenchIngress.Inside);
        return
        [
            Request("one flow, established", 1, 1),
            Request("a new flow per packet", 0, 0),
            .. Syn(),
            Request("100 k established flows", 100_000, 100_000),
            Request("1 M established flows", 1_000_000, 1_000_000),
            Reply("one flow", 1),
            Reply("100 k flows", 100_000),
            Reply("1 M flows", 1_000_000),
        ];
    }

    /// <summary>
    /// The L3 DSR rows of <paramref name="mode"/> (dsr-ipip or dsr-gue), one-arm: a client's request on
    /// the outside veth tunnelled to a real behind the outside router (one flow, a new flow per packet,
    /// 100 k and 1 M established flows). The encapsulation grows the frame's head; the harness shrinks
    /// it back before restoring the frame.
    /// </summary>
    public static IReadOnlyList<XdpBenchCase> TunnelCases(ForwardingMode mode)
    {
        var m = mode == ForwardingMode.DsrGue ? "dsr-gue" : "dsr-ipip";
        var request = Frame.Ethernet(NatNamespace.RouterMac, BenchMacs.Lb).IPv4("198.51.100.10", "203.0.113.70", dontFragment: true)
            .Tcp(10000, 80, TcpFlags.Ack, payload: new byte[64]).Build();
        XdpBenchCase Request(string what, uint flows, uint warm) => new($"{m}: {what}", BenchPlane.TunnelConfig("o0", "203.0.113.70", "tcp"), request,
            FlowVariation.Client(flows), Reason.TxForward, warm, Mode: mode, Ingress: BenchIngress.Outside);
        XdpBenchCase[] Scattered() => mode == ForwardingMode.DsrIpip ? [.. OutOfOrder(Request("100 k established flows", 100_000, 100_000)),
            .. OutOfOrder(Request("1 M established flows", 1_000_000, 1_000_000))] : [];
        return
        [
            Request("one flow, established", 1, 1),
            Request("a new flow per packet", 0, 0),
            Request("100 k established flows", 100_000, 100_000),
            Request("1 M established flows", 1_000_000, 1_000_000),
            .. Scattered(),
        ];
    }

    /// <summary>
    /// <paramref name="c"/> with its flows, opened in order by the warm-up, visited out of that order
    /// (<see cref="FlowVariation.Scattered"/>): the entries of a table that hands them out in opening
    /// order (a kernel LRU hash's preallocated elements) are then not read in address order, which a
    /// CPU's prefetcher would follow and live traffic does not.
    /// </summary>
    private static XdpBenchCase[] OutOfOrder(XdpBenchCase c) =>
        [c with { Name = c.Name + ", out of opening order", Variation = c.Variation with { Stride = FlowVariation.Scattered }, WarmVariation = c.Variation }];

    /// <summary>
    /// The reference balancer (<see cref="ReferenceBalancer"/>, the published design of the best-known open
    /// XDP balancer) on the dsr-ipip rows' frame, VIP and real: one flow, a new flow per packet (a segment
    /// of a flow its table does not know), a SYN per packet (which skips its table lookup), 100 k and 1 M
    /// established flows, in opening order and out of it. Its rows and FastLb's run on the same harness
    /// in the same run, so <see cref="XdpBenchReport.Comparison"/> can set them side by side.
    /// </summary>
    public static IReadOnlyList<XdpBenchCase> ReferenceCases()
    {
        var request = TunnelCases(ForwardingMode.DsrIpip)[0].Frame;
        var syn = Frame.Ethernet(NatNamespace.RouterMac, BenchMacs.Lb).IPv4("198.51.100.10", "203.0.113.70", dontFragment: true)
            .Tcp(10000, 80, TcpFlags.Syn).Build();
        XdpBenchCase Row(string what, byte[] frame, uint flows, uint warm) =>
            new($"{ReferencePrefix}{what}", "", frame, FlowVariation.Client(flows), Reason.TxForward, warm, Reference: true);
        return
        [
            Row("one flow, established", request, 1, 1),
            Row("a new flow per packet", request, 0, 0),
            Row("a SYN per packet (new connections, a SYN flood)", syn, 0, 0),
            Row("100 k established flows", request, 100_000, 100_000),
            Row("1 M established flows", request, 1_000_000, 1_000_000),
            .. OutOfOrder(Row("100 k established flows", request, 100_000, 100_000)),
            .. OutOfOrder(Row("1 M established flows", request, 1_000_000, 1_000_000)),
        ];
    }

    /// <summary>The reference rows' name prefix; the rest of each name matches a dsr-ipip row's.</summary>
    public const string ReferencePrefix = "reference ipip: ";

    /// <summary>
    /// New flows on two CPUs at once, beside the same rows on one: what the tables' sharing costs. The
    /// connection table takes no lock (a slot is claimed by compare-and-swap); the NAT reverse tables are
    /// kernel LRU hashes, with one LRU list shared by the CPUs (as shipped) or one per CPU
    /// (BPF_F_NO_COMMON_LRU), so the routed rows run with each. The tables hold 262,144 flows, so every
    /// run but the first's first quarter-million packets finds them full and each new flow evicts one:
    /// in the default table a run of 7 M new flows would fill it for the first 4 M and evict after, and a
    /// per-CPU list, which holds half the entries, sooner, which would weigh the two lists unequally.
    /// </summary>
    public static IReadOnlyList<XdpBenchCase> TwoCpuCases()
    {
        const string Full = "flow-table-size: 262144\n";
        var perCpu = FlowVariation.Client(0) with { PerCpu = true };
        var routed = NatCases(ForwardingMode.Routed).Single(c => c.Name == "routed: request, a new flow per packet");
        routed = routed with { Config = Full + routed.Config };
        var dsr = DsrL2Cases().Single(c => c.Name == "dsr-l2: a new flow per packet");
        dsr = dsr with { Config = Full + dsr.Config };
        // No comma in the names: --rows splits its prefixes on commas.
        const string One = "full 256 Ki table: new flows on one CPU: ";
        const string Two = "full 256 Ki table: new flows on two CPUs at once: ";
        const string PerCpuLists = " (NAT tables with an LRU list per CPU)";
        return
        [
            dsr with { Name = One + "dsr-l2" },
            dsr with { Name = Two + "dsr-l2", Variation = perCpu, Cpus = 2 },
            routed with { Name = One + "routed requests" },
            routed with { Name = One + "routed requests" + PerCpuLists, NatPerCpuLru = true },
            routed with { Name = Two + "routed requests", Variation = perCpu, Cpus = 2 },
            routed with { Name = Two + "routed requests" + PerCpuLists, Variation = perCpu, Cpus = 2, NatPerCpuLru = true },
        ];
    }

    /// <summary>
    /// dsr-ipip's rows, each followed by the reference row of the same name, so that each pair runs back
    /// to back (the machine's slow spells last seconds, not minutes); the reference's SYN row, which has no
    /// dsr-ipip twin, after the new-flow pair.
    /// </summary>
    public static IReadOnlyList<XdpBenchCase> IpipBesideReference()
    {
        var ipip = TunnelCases(ForwardingMode.DsrIpip);
        var rows = new List<XdpBenchCase>();
        foreach (var r in ReferenceCases())
        {
            rows.AddRange(ipip.Where(c => ReferencePrefix + c.Name["dsr-ipip: ".Length..] == r.Name));
            rows.Add(r);
        }
        rows.AddRange(ipip.Where(c => !rows.Contains(c)));
        return rows;
    }

    /// <summary>Every row of a full run: dsr-l2, dsr-ipip beside the reference balancer, dsr-gue, routed and transparent, then new flows on two CPUs.</summary>
    public static IReadOnlyList<XdpBenchCase> AllCases() =>
    [
        .. DsrL2Cases(), .. IpipBesideReference(), .. TunnelCases(ForwardingMode.DsrGue),
        .. NatCases(ForwardingMode.Routed), .. NatCases(ForwardingMode.Transparent), .. TwoCpuCases(),
    ];

    /// <summary>The rows whose name starts with one of <paramref name="prefixes"/> (comma-separated), every row when null.</summary>
    public static IReadOnlyList<XdpBenchCase> Select(string? prefixes) => BenchRows.Select(AllCases(), c => c.Name, prefixes);

    /// <summary>Each row from the round that measured it fastest (rounds run the same rows in the same order).</summary>
    public static IReadOnlyList<XdpBenchRow> BestOf(IReadOnlyList<IReadOnlyList<XdpBenchRow>> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        return [.. rounds[0].Select((row, i) => rounds.Select(r => r[i]).MinBy(r => r.MedianNs)!)];
    }

    /// <summary>The baselines, then every case through the harness.</summary>
    public static IReadOnlyList<XdpBenchRow> Run(uint repeat, int runs, IReadOnlyList<XdpBenchCase>? cases = null)
    {
        cases ??= AllCases();
        using var nat = cases.Any(c => c.Ingress != BenchIngress.Default) ? NatNamespace.Create() : null;
        var vip = VipFrame();
        using var tx = BpfObject.Open(NativePaths.BpfObject("xdp_tx"));
        tx.Load();
        using var swap = BpfObject.Open(NativePaths.BpfObject("xdp_macswap"));
        swap.Load();
        using var cold = BpfObject.Open(NativePaths.BpfObject("xdp_cold_line"));
        cold.Load();
        cold.Program("xdp_cold_line").TestRun(vip, new byte[vip.Length + 256], ColdLines);
        using var source = FrameSource.Load();

        var rows = new List<XdpBenchRow>
        {
            Direct("baseline: XDP_TX only", tx.Program("xdp_tx_only"), vip, repeat, runs),
            Direct("baseline: MAC swap + XDP_TX", swap.Program("xdp_macswap"), vip, repeat, runs),
            Direct(HeadBaseline, tx.Program("xdp_tx_adjust_head"), vip, repeat, runs),
            Direct(ColdLineBaseline, cold.Program("xdp_cold_line"), vip, repeat, runs),
            Direct(ColdChainBaseline, cold.Program("xdp_cold_chain"), vip, repeat, runs),
        };
        source.SetTarget(source.TailTx);
        source.SetFrame(vip, FlowVariation.Client(1));
        var (kernel, wall) = Sample(source.Harness, vip, repeat, runs, 0);
        rows.Add(new XdpBenchRow(HarnessBaseline, source.TailTx.Name, true, kernel[runs / 2], kernel[0], kernel[^1], wall[runs / 2], "", 0, (ulong)repeat * (ulong)runs, 0, 0));
        foreach (var c in cases)
        {
            rows.Add(Harnessed(source, nat, c, repeat, runs));
        }
        return rows;
    }

    private static XdpBenchRow Direct(string name, BpfProgram program, byte[] frame, uint repeat, int runs)
    {
        var (kernel, wall) = Sample(program, frame, repeat, runs, 0);
        return new XdpBenchRow(name, program.Name, false, kernel[runs / 2], kernel[0], kernel[^1], wall[runs / 2], "", 0, (ulong)repeat * (ulong)runs, 0, 0);
    }

    private static XdpBenchRow Harnessed(FrameSource source, NatNamespace? nat, XdpBenchCase c, uint repeat, int runs)
    {
        if (c.Reference)
        {
            return HarnessedReference(source, c, repeat, runs);
        }
        using var dp = BenchPlane.Load(c.Config, 1, c.Mode, c.RealPort, c.NatPerCpuLru);
        if (c.Ingress != BenchIngress.Default)
        {
            nat!.Wire(dp);
        }
        int Ifindex(BenchIngress ingress) => ingress switch
        {
            BenchIngress.Outside => nat!.OutsideIfindex,
            BenchIngress.Inside => nat!.InsideIfindex,
            _ => 0,
        };
        source.SetTarget(dp.Program);
        if (c.WarmUp > 0)
        {
            // Warm-up frames are the row's own, or requests (from the outside) that open a reply row's flows.
            source.SetFrame(c.WarmFrame ?? c.Frame, c.WarmVariation ?? c.Variation);
            Sample(source.Harness, c.WarmFrame ?? c.Frame, c.WarmUp, 1, Ifindex(c.WarmFrame is null ? c.Ingress : BenchIngress.Outside), nat);
        }
        source.SetFrame(c.Frame, c.Variation);
        var reasonsBefore = BenchPlane.AllReasons(dp);
        var flowsBefore = BenchPlane.NewFlows(dp);
        var (kernel, wall) = c.Cpus == 1 ? Sample(source.Harness, c.Frame, repeat, runs, Ifindex(c.Ingress), nat)
            : SampleOnEveryCpu(source.Harness, c.Frame, repeat, runs, Ifindex(c.Ingress), nat, c.Cpus);
        var reasons = BenchPlane.AllReasons(dp);
        var hits = reasons[Array.IndexOf(Enum.GetValues<Reason>(), c.Path)] - reasonsBefore[Array.IndexOf(Enum.GetValues<Reason>(), c.Path)];
        var flows = BenchPlane.NewFlows(dp) - flowsBefore;
        return new XdpBenchRow(c.Name, dp.Program.Name, true, kernel[kernel.Length / 2], kernel[0], kernel[^1], wall[wall.Length / 2],
            c.Path.ToString(), hits, (ulong)repeat * (ulong)runs * (ulong)c.Cpus, flows, c.WarmUp, c.Overflows, BenchPlane.OtherReasons(reasonsBefore, reasons, c.Path),
            c.Mode is ForwardingMode.DsrIpip or ForwardingMode.DsrGue);
    }

    /// <summary>
    /// A reference row: the reference balancer on the dsr-ipip VIP and real, frames leaving for the
    /// outside router's MAC; its counters prove the path (every iteration had a real chosen) and count
    /// the flows it scheduled anew while measured.
    /// </summary>
    private static XdpBenchRow HarnessedReference(FrameSource source, XdpBenchCase c, uint repeat, int runs)
    {
        // The VIP, port, protocol and real of TunnelCases' service (BenchPlane.TunnelConfig).
        using var reference = ReferenceBalancer.Load(IPAddress.Parse("203.0.113.70"), 80, 6, [IPAddress.Parse("192.0.2.200")], MacAddress.Parse(NatNamespace.RouterMac));
        source.SetTarget(reference.Program);
        if (c.WarmUp > 0)
        {
            source.SetFrame(c.Frame, c.WarmVariation ?? c.Variation);
            Sample(source.Harness, c.Frame, c.WarmUp, 1, 0);
        }
        source.SetFrame(c.Frame, c.Variation);
        var before = reference.Counters();
        var (kernel, wall) = Sample(source.Harness, c.Frame, repeat, runs, 0);
        var after = reference.Counters();
        var iterations = (ulong)repeat * (ulong)runs;
        var unserved = (after.Packets - before.Packets) - (after.ToReal - before.ToReal);
        return new XdpBenchRow(c.Name, reference.Program.Name, true, kernel[kernel.Length / 2], kernel[0], kernel[^1], wall[wall.Length / 2],
            c.PathName, after.ToReal - before.ToReal, iterations, after.Misses - before.Misses, c.WarmUp,
            Elsewhere: unserved == 0 ? "" : $"no real {unserved}", HeadShrunk: true);
    }

    /// <summary>
    /// As <see cref="Sample"/>, on CPUs 0 to <paramref name="cpus"/> - 1 at once: one thread pinned to
    /// each, started together, each making <paramref name="runs"/> runs; every run of every CPU, sorted.
    /// </summary>
    private static (double[] Kernel, double[] Wall) SampleOnEveryCpu(BpfProgram program, byte[] frame, uint repeat, int runs, int ingressIfindex,
        NatNamespace? nat, int cpus)
    {
        if (cpus > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(cpus), cpus, "the harness keeps the flows of two CPUs apart (address byte + 128 × CPU), not more");
        }
        if (Environment.ProcessorCount < cpus)
        {
            throw new InvalidOperationException($"a row on {cpus} CPUs at once needs {cpus} CPUs; this machine has {Environment.ProcessorCount}");
        }
        using var start = new Barrier(cpus);
        var samples = new (double[] Kernel, double[] Wall)[cpus];
        var errors = new Exception?[cpus];
        var threads = Enumerable.Range(0, cpus).Select(cpu => new Thread(() =>
        {
            try
            {
                samples[cpu] = Sample(program, frame, repeat, runs, ingressIfindex, nat, cpu, start);
            }
            catch (Exception e)
            {
                errors[cpu] = e;
                start.RemoveParticipant();
            }
        }) { IsBackground = true, Name = $"xdp-bench-cpu{cpu}" }).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }
        foreach (var t in threads)
        {
            t.Join();
        }
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            throw new InvalidOperationException($"a CPU's runs failed: {error.Message}", error);
        }
        double[] kernel = [.. samples.SelectMany(x => x.Kernel).Order()];
        double[] wall = [.. samples.SelectMany(x => x.Wall).Order()];
        return (kernel, wall);
    }

    /// <summary>
    /// Per run: the kernel's ns/repeat and the wall clock's over the whole call; both sorted. A non-zero
    /// <paramref name="ingressIfindex"/> runs as if the frame arrived there, inside <paramref name="nat"/>.
    /// With <paramref name="cpu"/>, the measuring thread is pinned there and waits at <paramref name="start"/>
    /// for the other CPUs' threads before its first run.
    /// </summary>
    private static (double[] Kernel, double[] Wall) Sample(BpfProgram program, byte[] frame, uint repeat, int runs, int ingressIfindex, NatNamespace? nat = null,
        int? cpu = null, Barrier? start = null)
    {
        var output = new byte[frame.Length + 256];
        var kernel = new double[runs];
        var wall = new double[runs];
        void Measure()
        {
            using var pinned = cpu is { } c ? CpuPlacement.PinThisThread(c) : null;
            start?.SignalAndWait();
            for (var i = 0; i < runs; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                kernel[i] = (ingressIfindex == 0 ? program.TestRun(frame, output, repeat) : program.TestRun(frame, output, ingressIfindex, repeat)).DurationNs;
                wall[i] = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / repeat;
            }
        }
        if (ingressIfindex == 0)
        {
            Measure();
        }
        else
        {
            nat!.Lab.Namespace.Run(Measure);
        }
        Array.Sort(kernel);
        Array.Sort(wall);
        return (kernel, wall);
    }
}
