namespace FastLb.PacketTests;

/// <summary>
/// Packets for one service while the controller keeps rewriting it and another service: each
/// packet must be handled by its own service's config, old or new, never by the other's. (A hash
/// map whose value is replaced hands the old element to the next update at once, so a program
/// still reading it could see the other service's mode, ring or SNAT address.)
/// </summary>
public sealed class ServiceFlipRaceTests
{
    private const uint Repeat = 20_000;

    // Packets run until the writer has rewritten both services this often (counted, not timed). On
    // the single hash map this took (2 CPUs, loaded) a few hundred thousand flips to go wrong.
    private const long Flips = 2_000_000;
    private const int MaxRuns = 20_000;

    private static readonly string Yaml = "interface: pkt0\nservices:\n" + Service("x", 30, 3) + Service("y", 31, 4);

    /// <summary>Service <paramref name="name"/> on 203.0.113.<paramref name="vip"/>:80 with two reals, 192.0.2.<paramref name="reals"/>1 and 2.</summary>
    private static string Service(string name, int vip, int reals) => $$"""
          - name: {{name}}
            vip: 203.0.113.{{vip}}
            port: 80
            ring-size: 13
            reals:
              - {name: {{name}}1, address: 192.0.2.{{reals}}1, mac: "02:00:00:00:00:{{reals}}1"}
              - {name: {{name}}2, address: 192.0.2.{{reals}}2, mac: "02:00:00:00:00:{{reals}}2"}

        """;

    [RootFact]
    public void XFlowWhileXAndYFlip_EveryXPacketLeavesForAnXReal_NeverInYsMode()
    {
        Privileges.RequireRoot();
        using var plane = new TestPlane();
        var plan = plane.Apply(TestPlane.Config(Yaml, new ModeSpec("y", ForwardingMode.Routed, Snat: "203.0.113.200", KeepMacs: false)));
        plane.Dp.Topology.Update(0u, Topology.Create(PhysicalAddress.Parse("02-00-00-00-00-02"), 1));
        var x = plan.Services.Single(s => s.Config.Name == "x");
        var y = plan.Services.Single(s => s.Config.Name == "y");
        var (keyX, liveX) = Live(plane.Dp, x);
        var (keyY, liveY) = Live(plane.Dp, y);
        Assert.Equal((Mode.DsrL2, Mode.Routed), (liveX.Mode, liveY.Mode));
        // Both ring copies hold the same ring: a flip changes which copy is read, never the real chosen.
        plane.Dp.RingTables.Write(x.Id, liveX.RingActive ^ 1, x.Ring);
        plane.Dp.RingTables.Write(y.Id, liveY.RingActive ^ 1, y.Ring);

        var frame = Frame.Ethernet(DataPlaneFixture.ClientMac, DataPlaneFixture.LbMac)
            .IPv4(IPAddress.Parse("198.51.100.7"), x.Config.Vip).Tcp(40000, 80, TcpFlags.Ack).Build();
        Assert.Equal(XdpAction.Tx, plane.Run(frame).Verdict); // the flow is pinned: every later packet follows it
        var reasons = plane.Snapshot();
        var xPackets = Packets(plane.Dp, x);
        var yPackets = Packets(plane.Dp, y);

        var stop = 0;
        var flips = 0L;
        var writer = new Thread(() =>
        {
            // Every write changes the bytes of both services (ring copy and sticky timeout), as a ring flip does.
            for (var n = 1u; Volatile.Read(ref stop) == 0; n++)
            {
                plane.Dp.Services.Update(keyX, liveX with { RingActive = (byte)(n & 1), StickyTimeoutS = n });
                plane.Dp.Services.Update(keyY, liveY with { RingActive = (byte)(n & 1), StickyTimeoutS = n });
                Interlocked.Increment(ref flips);
            }
        });
        writer.Start();
        var verdicts = new List<XdpAction>();
        try
        {
            var output = new byte[frame.Length + 256];
            while (Interlocked.Read(ref flips) < Flips && verdicts.Count < MaxRuns)
            {
                verdicts.Add(plane.Dp.Program.TestRun(frame, output, Repeat).Verdict);
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            writer.Join();
        }

        var sent = (ulong)verdicts.Count * Repeat;
        Assert.True(Interlocked.Read(ref flips) >= Flips, $"the writer flipped both services {flips} times in {verdicts.Count} runs of {Repeat} packets");
        Assert.All(verdicts, v => Assert.Equal(XdpAction.Tx, v));
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxForward] = sent }, plane.DeltaSince(reasons));
        Assert.Equal(xPackets + sent, Packets(plane.Dp, x));
        Assert.Equal(yPackets, Packets(plane.Dp, y));
    }

    private static (VipKey Key, Service Live) Live(DataPlane dp, PlannedService s)
    {
        var key = VipKey.Create(s.Config.Vip, s.Config.Port, (byte)s.Config.Protocol);
        Assert.True(dp.Services.TryLookup(key, out Service live), $"no entry for {s.Config.Name}");
        return (key, live);
    }

    private static ulong Packets(DataPlane dp, PlannedService s) =>
        s.Reals.SelectMany(r => dp.RealStats.LookupPerCpu<uint, RealCounter>(r.Index)).Aggregate(0ul, (a, c) => a + c.Packets);
}
