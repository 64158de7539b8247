// New flows on two CPUs at once, in the kernel's own loop (the bench harness, repeat N on each CPU,
// so the two CPUs' packets meet within nanoseconds, not a syscall apart), and what must hold of the
// state the CPUs share: each flow pinned once and kept by its next packets; round robin's turns each
// taken once; each real's active flows equal to its open flows, through opening, closing and a churned
// table; a sticky client's simultaneous flows on one real; no established flow evicted by a SYN flood;
// every SNAT flow with a port of its own.
using System.Net;
using FastLb.Bench;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Model;
using FastLb.Reconciler;
using FastLb.Testing;
using FastLb.Wire;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class TwoCpuNewFlowTests
{
    private const uint FlowsPerCpu = 30_000;

    [RootTheory]
    [InlineData("round-robin")]
    [InlineData("least-connections")]
    [InlineData("maglev")]
    public void NewFlowsOnTwoCpusAtOnce_EachPinnedOnce_NextPacketsKeepTheirReals(string algorithm)
    {
        Privileges.RequireRoot();
        var config = BenchPlane.DsrL2Config("bench0").Replace("    port: 80\n", $"    port: 80\n    algorithm: {algorithm}\n", StringComparison.Ordinal);
        using var dp = BenchPlane.Load(config);
        using var source = FrameSource.Load();
        source.SetTarget(dp.Program);
        var variation = FlowVariation.Client(FlowsPerCpu) with { PerCpu = true };

        source.SetFrame(Segment(TcpFlags.Syn), variation);
        RunOnTwoCpus(source);
        var opened = PerReal(dp);
        var busy = FlowEvents(dp, FlowEvent.Busy);
        var pinned = opened.Aggregate(0ul, (a, b) => a + b);
        Assert.True(pinned == 2 * FlowsPerCpu, $"{algorithm}: {pinned} flows pinned of {2 * FlowsPerCpu} opened ({busy} left unpinned: another CPU was writing their slot)");
        if (algorithm == "round-robin")
        {
            Assert.Equal([2 * FlowsPerCpu / 3, 2 * FlowsPerCpu / 3, 2 * FlowsPerCpu / 3], opened);
        }

        source.SetFrame(Segment(TcpFlags.Ack), variation);
        RunOnTwoCpus(source);
        Assert.Equal(opened, PerReal(dp)); // no flow placed again
        Assert.Equal(2ul * FlowsPerCpu, BenchPlane.Packets(dp, Reason.TxForward) - (2ul * FlowsPerCpu));
        Assert.Equal(opened.Select(n => (long)n), Active(dp)); // least connections' load: every open flow once

        source.SetFrame(Segment(TcpFlags.Fin | TcpFlags.Ack), variation);
        RunOnTwoCpus(source);
        Assert.Equal(opened, PerReal(dp));
        Assert.Equal([0L, 0L, 0L], Active(dp)); // each closed once
    }

    private static long[] Active(DataPlane dp) =>
        [.. Enumerable.Range(0, 3).Select(i => dp.RealActive.TryLookup((uint)i, out long n) ? n : -1)];

    /// <summary>
    /// Sticky on the source port alone: CPU 0's flow n and CPU 1's flow n (clients .10 and .138, the
    /// same port) are one sticky client opening two connections within nanoseconds of each other,
    /// FlowsPerCpu times over. Both must reach the real the client's entry names.
    /// </summary>
    [RootFact]
    public void StickyClientsOpeningOnTwoCpusAtOnce_BothFlowsOnTheRealTheirEntryNames()
    {
        Privileges.RequireRoot();
        var config = BenchPlane.DsrL2Config("bench0").Replace("    port: 80\n",
            "    port: 80\n    algorithm: sticky\n    sticky-fields: [src-port]\n    sticky-timeout: 60s\n", StringComparison.Ordinal);
        using var dp = BenchPlane.Load(config);
        using var source = FrameSource.Load();
        source.SetTarget(dp.Program);
        source.SetFrame(Segment(TcpFlags.Syn), FlowVariation.Client(FlowsPerCpu) with { PerCpu = true });
        RunOnTwoCpus(source);

        var service = dp.Services.Keys<VipKey>().Select(k => dp.Services.TryLookupId(k, out var id) ? id : throw new InvalidOperationException()).Single();
        var split = 0;
        string? example = null;
        for (var n = 0u; n < FlowsPerCpu; n++)
        {
            var port = (ushort)(10000 + n);
            var sticky = new StickyKey { Fields = FlowKey.Create(IPAddress.Any, port, IPAddress.Any, 0, 0), Service = service };
            Assert.True(dp.Sticky.TryLookup(sticky, out Sticky st), $"client port {port} has no entry");
            foreach (var client in new[] { "198.51.100.10", "198.51.100.138" })
            {
                var key = FlowKey.Create(IPAddress.Parse(client), port, IPAddress.Parse("203.0.113.10"), 80, 6);
                if (dp.Flows.TryLookup(key, out Flow flow) && flow.Real != st.Real)
                {
                    split++;
                    example ??= $"{client}:{port} on real {flow.Real}, its entry names {st.Real}";
                }
            }
        }
        Assert.True(split == 0, $"{split} flows of {2 * FlowsPerCpu} not on their client's real, e.g. {example}");
    }

    /// <summary>
    /// A table of 4,096 slots and 2 × 30,000 new flows, established from their first packet, from two
    /// CPUs at once: each flow takes the slot of an older one, and the two CPUs' flows take each other's.
    /// Each real's active count, moved +1 by every pinning and -1 by every slot taken from one of its
    /// flows, must still equal the flows the table holds for it: the recount finds no drift.
    /// </summary>
    [RootFact]
    public void SmallTableChurnedByTwoCpusAtOnce_ActiveFlowsEqualWhatTheTableHolds()
    {
        Privileges.RequireRoot();
        var config = "flow-table-size: 4096\n" + BenchPlane.DsrL2Config("bench0").Replace("    port: 80\n", "    port: 80\n    algorithm: least-connections\n", StringComparison.Ordinal);
        using var dp = BenchPlane.Load(config, out var plan, out var options);
        using var source = FrameSource.Load();
        source.SetTarget(dp.Program);
        source.SetFrame(Segment(TcpFlags.Ack), FlowVariation.Client(FlowsPerCpu) with { PerCpu = true });
        RunOnTwoCpus(source);
        Assert.True(FlowEvents(dp, FlowEvent.Evicted) > FlowsPerCpu, $"only {FlowEvents(dp, FlowEvent.Evicted)} flows evicted: the table was not churned");

        var active = Active(dp);
        using var recounter = FlowRecounter.Load(dp, options);
        var recount = recounter.Recount(plan);
        Assert.True(recount.DriftFlows == 0, $"active flows per real {string.Join('/', active)}, the table holds {string.Join('/', Enumerable.Range(0, 3).Select(i => recount.ActiveByReal[(uint)i]))}; busy {FlowEvents(dp, FlowEvent.Busy)}");
    }

    /// <summary>
    /// A SYN flood of ten times a 4,096-slot table from two CPUs at once, into a table three quarters
    /// full of established flows: not one of them is evicted, though many SYNs find every slot they
    /// may take held by one (a SYN takes a slot only from a flow that is not established, checked and
    /// claimed in one compare-and-swap, so a flow another CPU established in that slot meanwhile keeps it).
    /// </summary>
    [RootFact]
    public void SynFloodFromTwoCpusAtOnce_EvictsNoEstablishedFlow()
    {
        const uint established = 1536, flood = 20_480;
        Privileges.RequireRoot();
        var config = "flow-table-size: 4096\n" + BenchPlane.DsrL2Config("bench0");
        using var dp = BenchPlane.Load(config);
        using var source = FrameSource.Load();
        source.SetTarget(dp.Program);
        source.SetFrame(Segment(TcpFlags.Ack), FlowVariation.Client(established) with { PerCpu = true });
        RunOnTwoCpus(source, flows: established);
        var evicted = FlowEvents(dp, FlowEvent.Evicted); // established flows that met a full set of slots while filling

        var syn = Frame.Ethernet("02:00:00:00:00:01", BenchPlane.LbMac).IPv4("198.51.100.20", "203.0.113.10").Tcp(10000, 80, TcpFlags.Syn).Build();
        source.SetFrame(syn, FlowVariation.Client(flood) with { PerCpu = true });
        RunOnTwoCpus(source, flows: flood);
        Assert.Equal(evicted, FlowEvents(dp, FlowEvent.Evicted));
        Assert.True(FlowEvents(dp, FlowEvent.Full) > 100, $"only {FlowEvents(dp, FlowEvent.Full)} SYNs found every slot they may take held: the flood did not test the rule");
    }

    /// <summary>
    /// SNAT (routed) new flows from two clients to one real, on two CPUs at once, filling half of a
    /// 64,512-port range, so their port probes meet all the time: every flow pinned holds a port of
    /// its own, whose reverse entry names it; a flow not pinned was counted busy; at most 0.2 % refused
    /// for want of a port.
    /// </summary>
    [RootTheory]
    [InlineData(TcpFlags.Ack)]
    [InlineData(TcpFlags.Syn)]
    public void SnatNewFlowsOnTwoCpusAtOnce_EachHoldsAPortOfItsOwn(TcpFlags flags)
    {
        const uint flows = 16_000;
        Privileges.RequireRoot();
        using var nat = NatNamespace.Create();
        var config = BenchPlane.NatConfig.Replace("    port: 80\n", "    port: 80\n    mode: routed\n    snat: 192.0.2.1\n    snat-ports: 1024-65535\n", StringComparison.Ordinal);
        using var dp = BenchPlane.Load(config, mode: ForwardingMode.Routed, realPort: 8080);
        nat.Wire(dp);
        using var source = FrameSource.Load();
        source.SetTarget(dp.Program);
        var frame = Frame.Ethernet(BenchMacs.Client, BenchMacs.Lb).IPv4("198.51.100.10", "203.0.113.40").Tcp(10000, 80, flags).Build();
        source.SetFrame(frame, FlowVariation.Client(flows) with { PerCpu = true });
        RunOnTwoCpus(source, nat, flows);

        // Refused for want of a port: 8 probes a stride apart, filling half the range, refuse about 10 of
        // the 32,000 (port after port, about 160: taken ports form runs every probe sequence walks).
        var forwarded = BenchPlane.Packets(dp, Reason.RedirectForward);
        var refused = BenchPlane.Packets(dp, Reason.DropSnatExhausted);
        Assert.True(forwarded + refused == 2ul * flows && refused <= 2 * flows / 500,
            $"{forwarded} of {2 * flows} forwarded, {refused} refused for want of a port; {BenchPlane.OtherReasons(new ulong[Enum.GetValues<Reason>().Length], BenchPlane.AllReasons(dp), Reason.RedirectForward)}");
        var owners = new Dictionary<ushort, string>();
        var unpinned = 0ul;
        foreach (var client in new[] { "198.51.100.10", "198.51.100.138" })
        {
            for (var n = 0u; n < flows; n++)
            {
                var sport = (ushort)(10000 + n);
                var key = FlowKey.Create(IPAddress.Parse(client), sport, IPAddress.Parse("203.0.113.40"), 80, 6);
                if (!dp.Flows.TryLookup(key, out Flow flow))
                {
                    unpinned++;
                    continue;
                }
                var port = (ushort)IPAddress.NetworkToHostOrder((short)flow.SnatPort);
                Assert.True(owners.TryAdd(port, $"{client}:{sport}"), $"SNAT port {port} given to {client}:{sport} and to {owners.GetValueOrDefault(port)}");
                var reply = FlowKey.Create(IPAddress.Parse("192.0.2.11"), 8080, IPAddress.Parse("192.0.2.1"), port, 6);
                Assert.True(dp.Nat.TryLookup(reply, out Nat entry), $"no reverse entry for port {port} of {client}:{sport}");
                Assert.Equal((client, sport), (entry.ClientAddress(Family.Inet).ToString(), entry.ClientHostPort));
            }
        }
        Assert.True(unpinned <= refused + FlowEvents(dp, FlowEvent.Busy), $"{unpinned} flows not pinned, {refused} refused, {FlowEvents(dp, FlowEvent.Busy)} counted busy; events: " +
            string.Join(", ", Enum.GetValues<FlowEvent>().Select(e => $"{e} {FlowEvents(dp, e)}")));
    }

    private static byte[] Segment(TcpFlags flags) =>
        Frame.Ethernet("02:00:00:00:00:01", BenchPlane.LbMac).IPv4("198.51.100.10", "203.0.113.10").Tcp(10000, 80, flags).Build();

    /// <summary>
    /// The harness on CPUs 0 and 1 at once, FlowsPerCpu iterations each: each CPU's flows once; with
    /// <paramref name="nat"/>, inside its namespace, as if the frames arrived on its outside veth.
    /// </summary>
    private static void RunOnTwoCpus(FrameSource source, NatNamespace? nat = null, uint flows = FlowsPerCpu)
    {
        if (Environment.ProcessorCount < 2)
        {
            throw new InvalidOperationException($"these tests run two CPUs at once; the machine has {Environment.ProcessorCount}");
        }
        source.ResetCounter();
        using var start = new Barrier(2);
        var errors = new Exception?[2];
        var threads = Enumerable.Range(0, 2).Select(cpu => new Thread(() =>
        {
            try
            {
                var frame = Segment(TcpFlags.Syn);
                var output = new byte[frame.Length + 256];
                if (nat is null)
                {
                    using var pinned = CpuPlacement.PinThisThread(cpu);
                    start.SignalAndWait();
                    source.Harness.TestRun(frame, output, flows);
                    return;
                }
                // The namespace runs the call on a thread of its own: pinned there.
                nat.Lab.Namespace.Run(() =>
                {
                    using var pinned = CpuPlacement.PinThisThread(cpu);
                    start.SignalAndWait();
                    source.Harness.TestRun(frame, output, nat.OutsideIfindex, flows);
                });
            }
            catch (Exception e)
            {
                errors[cpu] = e;
                start.RemoveParticipant();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Null(errors[0]);
        Assert.Null(errors[1]);
    }

    /// <summary>Flows pinned to r1, r2, r3 (their new_flows counters, all CPUs).</summary>
    private static ulong[] PerReal(DataPlane dp) =>
        [.. Enumerable.Range(0, 3).Select(i => dp.RealStats.LookupPerCpu<uint, RealCounter>((uint)i).Aggregate(0ul, (s, c) => s + c.NewFlows))];

    private static ulong FlowEvents(DataPlane dp, FlowEvent e) =>
        dp.FlowEvents.LookupPerCpu<uint, ulong>((uint)e).Aggregate(0ul, (s, n) => s + n);
}
