using System.Buffers.Binary;
using System.Diagnostics;
using FastLb.Interop.Xsk;
using FastLb.Wire;

namespace FastLb.Bench;

/// <summary>
/// End-to-end packet rate through a namespace lab (<see cref="E2eLab"/>): a generator drives
/// 60-byte UDP frames over <see cref="Flows"/> flows into the balancer's veth, and an XDP counter
/// at the receiving end counts what arrives. Each row first sends one pass over its flows (the
/// warm-up: flow tables and conntrack filled), then measures runs of a fixed frame count; the
/// rate is frames counted at the receiving end per second of generation.
/// </summary>
public static class E2eBench
{
    /// <summary>Distinct flows (source ports 10,000 + i) every row cycles through.</summary>
    public const int Flows = 10_000;

    /// <summary>A 60-byte UDP frame from <paramref name="client"/>:10000 to the VIP, UDP checksum 0 (none), so varying the port keeps it valid.</summary>
    public static byte[] UdpFrame(string client)
    {
        var frame = Frame.Ethernet(E2eLab.GeneratorMac, BenchPlane.LbMac).IPv4(client, "203.0.113.10")
            .Udp(10000, 80, payload: new byte[18]).Build();
        frame[40] = 0;
        frame[41] = 0;
        return frame;
    }

    /// <summary>Each row from the round that measured it fastest (rounds run the same rows in the same order).</summary>
    public static IReadOnlyList<E2eRow> BestOf(IReadOnlyList<IReadOnlyList<E2eRow>> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        var ceiling = rounds[0].ToList().FindIndex(r => r.Name.StartsWith(E2eReport.Ceiling, StringComparison.Ordinal));
        return [.. rounds[0].Select((row, i) => rounds.Select(r => r[i]).MaxBy(r => r.ReceivedMpps)! with
        {
            CeilingRatioByRound = ceiling < 0 || rounds.Count < 2 ? null : [.. rounds.Select(r => r[i].ReceivedMpps / r[ceiling].ReceivedMpps)],
            AdjacentRatioByRound = rounds.All(r => r[i].AdjacentRatio is not null) ? [.. rounds.Select(r => r[i].AdjacentRatio!.Value)] : null,
        })];
    }

    /// <summary>Runs every scenario in a fresh lab, or in <paramref name="lab"/> (the caller's, left for it to dispose).</summary>
    public static IReadOnlyList<E2eRow> Run(ulong packetsPerRun, int runs, IReadOnlyList<E2eScenario>? scenarios = null, E2eLab? lab = null)
    {
        scenarios ??= E2eStages.All();
        using var ownLab = lab is null ? E2eLab.Create() : null;
        lab ??= ownLab!;
        using var source = FrameSource.Load();
        using var sender = lab.Generator.Namespace.Run(() => XskSender.Open(lab.GeneratorIfindex));
        var rows = new List<E2eRow>();
        var ceiling = E2eStages.All().First(s => s.Name.StartsWith(E2eReport.Ceiling, StringComparison.Ordinal));
        foreach (var scenario in scenarios)
        {
            // A live-frame fastlb (or reference) row takes turns with the ceiling, run by run, in the same lab: this VM has
            // spells of half speed shorter than a row, and two runs a second apart share the spell far more often.
            var paired = (scenario.Name.StartsWith("fastlb", StringComparison.Ordinal) || scenario.Name.StartsWith(E2eStages.Reference, StringComparison.Ordinal))
                && scenario.Generator == E2eGenerator.LiveFrames;
            rows.Add(Measure(lab, source, sender, scenario, packetsPerRun, runs, paired ? ceiling : null));
        }
        return rows;
    }

    /// <summary>
    /// One scenario: started on the lab, warmed up, measured over <paramref name="runs"/> runs, stopped.
    /// With <paramref name="ceiling"/>, each run of the row follows a run of the ceiling in its place on
    /// the balancer's veth (the row's balancer taken off and put back, its tables kept): the row's
    /// AdjacentCeilingMpps is the median of those ceiling runs, its PairRatios each run over the ceiling
    /// run just before it.
    /// </summary>
    private static E2eRow Measure(E2eLab lab, FrameSource source, XskSender sender, E2eScenario scenario, ulong packetsPerRun, int runs,
        E2eScenario? ceiling = null)
    {
        using var stage = scenario.Start(lab);
        var napi = lab.PinBalancerNapi();
        var request = UdpFrame(scenario.Client);
        source.SetFrame(request, FlowVariation.Client(Flows));
        for (var i = 0; i < sender.FrameCount; i++)
        {
            request.CopyTo(sender.Frame(i));
        }
        // The warm-up: one pass of requests over the flows (a reply row's flows are opened by it).
        WarmUp(lab, source, sender, scenario.Generator, request, stage, napi, scenario.Name);
        Settle(lab, stage, napi, scenario.Name);
        var (frame, variation) = (request, FlowVariation.Client(Flows));
        if (scenario.Reply)
        {
            (frame, variation) = (ReplyFrame(scenario.Client), FlowVariation.ClientAsDestination(Flows));
            source.SetFrame(frame, variation);
            Settle(lab, stage, napi, scenario.Name);
        }
        var countsBefore = stage.Path?.Counts();
        s_sendAllocated = 0;
        var rates = new double[runs];
        var offered = new double[runs];
        var ceilingRates = new double[runs];
        var pairs = new double[runs];
        ulong received = 0, balancerNs = 0;
        for (var r = 0; r < runs; r++)
        {
            if (ceiling is not null)
            {
                stage.Off();
                ceilingRates[r] = CeilingRun(lab, source, sender, ceiling, packetsPerRun);
                stage.On();
                napi = lab.PinBalancerNapi();
                source.SetFrame(frame, variation);
            }
            var before = stage.Received();
            var ranBefore = CpuPlacement.RunNs(napi);
            var seconds = Generate(lab, source, sender, scenario.Generator, frame, packetsPerRun, scenario.Reply);
            var got = Settle(lab, stage, napi, scenario.Name) - before;
            balancerNs += CpuPlacement.RunNs(napi) - ranBefore;
            received += got;
            rates[r] = got / seconds / 1e6;
            offered[r] = packetsPerRun / seconds / 1e6;
            pairs[r] = ceilingRates[r] > 0 ? rates[r] / ceilingRates[r] : 0;
        }
        if (received == 0)
        {
            throw LabFault(lab, scenario.Name, $"none of its {packetsPerRun * (ulong)runs} frames was counted at the {stage.CountedAt}");
        }
        var counts = stage.Path?.Counts();
        var pathHits = counts is null ? 0 : counts.Value.Hits - countsBefore!.Value.Hits;
        var seen = counts is null ? 0 : counts.Value.Seen - countsBefore!.Value.Seen;
        Array.Sort(rates);
        Array.Sort(offered);
        Array.Sort(ceilingRates);
        var total = packetsPerRun * (ulong)runs;
        return new E2eRow(scenario.Name, scenario.Generator == E2eGenerator.AfXdp ? "AF_XDP" : "live frames", stage.CountedAt,
            packetsPerRun, runs, offered[runs / 2], rates[runs / 2], rates[0], rates[^1], (double)received / total,
            stage.Path?.Name ?? "", pathHits, total, seen,
            scenario.Generator == E2eGenerator.AfXdp ? s_sendAllocated : null,
            received > 0 ? (double)balancerNs / received : null)
        {
            AdjacentCeilingMpps = ceiling is null ? null : ceilingRates[runs / 2],
            PairRatios = ceiling is null ? null : pairs,
        };
    }

    /// <summary>
    /// One run of <paramref name="ceiling"/> on the lab, the row's balancer off its veths: its
    /// requests over the flows, the rate counted at its receiving end.
    /// </summary>
    private static double CeilingRun(E2eLab lab, FrameSource source, XskSender sender, E2eScenario ceiling, ulong packets)
    {
        using var stage = ceiling.Start(lab);
        var napi = lab.PinBalancerNapi();
        var request = UdpFrame(ceiling.Client);
        source.SetFrame(request, FlowVariation.Client(Flows));
        var before = Settle(lab, stage, napi, ceiling.Name);
        var seconds = Generate(lab, source, sender, ceiling.Generator, request, packets, fromReals: false);
        var got = Settle(lab, stage, napi, ceiling.Name) - before;
        if (got == 0)
        {
            throw LabFault(lab, ceiling.Name, $"none of its {packets} frames was counted at the {stage.CountedAt}");
        }
        return got / seconds / 1e6;
    }

    /// <summary>The real's reply to <paramref name="client"/>:10000 (from 192.0.2.11:8080, towards the balancer's inside veth), UDP checksum 0.</summary>
    public static byte[] ReplyFrame(string client)
    {
        var frame = Frame.Ethernet(E2eLab.RealsMac, E2eLab.InsideMac).IPv4("192.0.2.11", client)
            .Udp(8080, 10000, payload: new byte[18]).Build();
        frame[40] = 0;
        frame[41] = 0;
        return frame;
    }

    /// <summary>
    /// Sends <paramref name="count"/> frames with the row's generator, from the generator's veth or
    /// (<paramref name="fromReals"/>, live frames only) the reals' veth; returns the seconds it took.
    /// </summary>
    private static double Generate(E2eLab lab, FrameSource source, XskSender sender, E2eGenerator generator, byte[] frame, ulong count, bool fromReals, ulong first = 0)
    {
        if (generator == E2eGenerator.LiveFrames)
        {
            if (first == 0)
            {
                source.ResetCounter();
            }
            var (ns, ifindex) = fromReals ? (lab.Reals, lab.RealsIfindex) : (lab.Generator, lab.GeneratorIfindex);
            return ns.Namespace.Run(() =>
            {
                using var pinned = CpuPlacement.PinThisThread(CpuPlacement.GeneratorCpu);
                var start = Stopwatch.GetTimestamp();
                source.Generator.TestRunLive(frame, ifindex, checked((uint)count));
                return Stopwatch.GetElapsedTime(start).TotalSeconds;
            });
        }
        if (fromReals)
        {
            throw new ArgumentException("the AF_XDP sender sits on the generator's veth only", nameof(fromReals));
        }
        using var pinnedSender = CpuPlacement.PinThisThread(CpuPlacement.GeneratorCpu);
        var writer = first == 0 ? s_stampPort : (f, sequence) => s_stampPort(f, first + sequence);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var begin = Stopwatch.GetTimestamp();
        var result = sender.Send(count, frame.Length, writer);
        var elapsed = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        s_sendAllocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return result.Completed == count ? elapsed : throw new InvalidOperationException($"AF_XDP sender completed {result.Completed} of {count} frames");
    }

    /// <summary>Managed bytes allocated inside AF_XDP send loops of the current row (the sender's promise: none).</summary>
    [ThreadStatic]
    private static long s_sendAllocated;

    /// <summary>Source port 10,000 + sequence % Flows, as bench_gen varies it.</summary>
    private static readonly XskFrameWriter s_stampPort = static (frame, sequence) =>
        BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(34, 2), (ushort)(10000 + sequence % Flows));

    /// <summary>
    /// How long frames may stay in flight before the row is declared broken: the balancer's NAPI
    /// threads still runnable (frames queued for them) or the receiving count still moving.
    /// </summary>
    private const int SettleLimitSeconds = 30;

    /// <summary>
    /// One pass of <paramref name="request"/> over the flows in chunks the balancer's veth ring (256
    /// frames) holds, each drained before the next: the generator runs on another CPU and would
    /// otherwise overrun the ring, leaving flows unopened for the measured runs. A chunk is drained
    /// once one of the counters has seen it all, or, after a second, once the balancer's NAPI
    /// threads sleep (nothing left in their rings: the rest was lost on the way).
    /// </summary>
    private static void WarmUp(E2eLab lab, FrameSource source, XskSender sender, E2eGenerator generator, byte[] request, E2eStage stage, int[] napi, string row)
    {
        const ulong chunk = 128;
        (ulong, ulong, ulong) Counts()
        {
            var (atGenerator, atReals) = lab.Received();
            return (atGenerator, atReals, stage.Received());
        }
        for (ulong first = 0; first < Flows; first += chunk)
        {
            var (g, r, s) = Counts();
            var sent = Math.Min(chunk, Flows - first);
            Generate(lab, source, sender, generator, request, sent, fromReals: false, first);
            var start = Stopwatch.GetTimestamp();
            while (true)
            {
                var (g2, r2, s2) = Counts();
                if (Math.Max(g2 - g, Math.Max(r2 - r, s2 - s)) >= sent)
                {
                    break;
                }
                var waited = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (waited >= 1 && !CpuPlacement.AnyRunnable(napi))
                {
                    break;
                }
                if (waited >= SettleLimitSeconds)
                {
                    throw LabFault(lab, row, $"a warm-up chunk was still queued for the balancer's NAPI threads after {SettleLimitSeconds} s: CPU {CpuPlacement.BalancerCpu} did not run them");
                }
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>
    /// Waits until the frames in flight have landed and returns the receiving count: the balancer's
    /// NAPI threads asleep (a runnable one still has frames in its ring, or has not had its CPU
    /// yet) and the count unchanged for 100 ms (the receivers' softirq after them). Quiet alone is
    /// not enough: on a busy machine the balancer's CPU can run other work for longer than any
    /// quiet period while its ring is full, and the row would count none of its frames.
    /// </summary>
    private static ulong Settle(E2eLab lab, E2eStage stage, int[] napi, string row)
    {
        const int quietPolls = 5;
        var deadline = Stopwatch.GetTimestamp() + SettleLimitSeconds * Stopwatch.Frequency;
        var last = stage.Received();
        var quiet = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Sleep(20);
            var now = stage.Received();
            quiet = now == last && !CpuPlacement.AnyRunnable(napi) ? quiet + 1 : 0;
            if (quiet == quietPolls)
            {
                return now;
            }
            last = now;
        }
        throw LabFault(lab, row, $"frames were still in flight after {SettleLimitSeconds} s (the balancer's NAPI threads runnable or the count at the {stage.CountedAt} moving): CPU {CpuPlacement.BalancerCpu} did not run them");
    }

    /// <summary>A row the lab could not measure, with what the lab's links and NAPI threads show now.</summary>
    private static InvalidOperationException LabFault(E2eLab lab, string row, string what) =>
        new($"e2e row '{row}' not measured: {what}. Lab now:\n{E2eLabState.Describe(lab)}");
}
