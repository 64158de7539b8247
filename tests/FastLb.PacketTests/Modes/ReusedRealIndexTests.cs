namespace FastLb.PacketTests.Modes;

/// <summary>
/// A reload that gives a removed real's index to another service's new real: flows pinned to the
/// old real must be rescheduled within their own service, never captured by the other service.
/// </summary>
public sealed class ReusedRealIndexTests
{
    private const string Lb = "02:00:00:00:00:02";
    private const string Client = "02:00:00:00:00:10";
    private static readonly IPAddress ClientIp = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress VipA = IPAddress.Parse("203.0.113.30");

    private const string A1 = "{name: a1, address: 192.0.2.21, mac: \"02:00:00:00:00:21\"}";
    private const string A3 = "{name: a3, address: 192.0.2.23, mac: \"02:00:00:00:00:23\"}";
    private const string A4Drained = "{name: a4, address: 192.0.2.24, mac: \"02:00:00:00:00:24\", weight: 0}";
    private const string B1 = "{name: b1, address: 192.0.2.31, mac: \"02:00:00:00:00:31\"}";
    private const string B2 = "{name: b2, address: 192.0.2.32, mac: \"02:00:00:00:00:32\"}";
    private const string B9 = "{name: b9, address: 192.0.2.39, mac: \"02:00:00:00:00:39\"}";

    private static readonly string Before = Services([A1, A3], [B1]);

    // a1 gone; b gains b2, which can only take a1's slot when there are three.
    private static readonly string After = Services([A3], [B1, B2]);

    public static TheoryData<ForwardingMode> Modes => new() { ForwardingMode.DsrL2, ForwardingMode.Transparent };

    [RootTheory]
    [MemberData(nameof(Modes))]
    public void FlowOnRemovedReal_IndexReusedByOtherService_StaysInItsService(ForwardingMode mode)
    {
        // Three real slots: the reload can only fit by handing a1's slot to b2.
        using var plane = LoadWithFlowOnA1(realCapacity: 3, mode, out var specs, out var a1, out var frame);

        plane.Apply(TestPlane.Config(After, specs));
        var b2 = plane.Real("b", "b2");
        Assert.Equal(a1.Index, b2.Index); // the precondition of the bug: a1's index now names b2
        var (verdict, output) = plane.Run(frame);

        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal("02:00:00:00:00:23", MacAddress.Read(output).ToString()); // a3, the only real of a; not b2 (…:32)
    }

    // a1 gone, a4 (drained: up, takes no new flow) added to the same service.
    private static readonly string SameServiceAfter = Services([A3, A4Drained], [B1]);

    // b gains a real; a keeps both of its reals.
    private static readonly string OtherServiceGrows = Services([A1, A3], [B1, B9]);

    [RootTheory]
    [MemberData(nameof(Modes))]
    public void FlowOnRemovedReal_IndexReusedInSameService_IsRescheduled(ForwardingMode mode)
    {
        using var plane = LoadWithFlowOnA1(realCapacity: 3, mode, out var specs, out var a1, out var frame);
        Assert.NotEqual(0ul, NewFlows(plane, a1.Index));

        plane.Apply(TestPlane.Config(SameServiceAfter, specs));
        var a4 = plane.Real("a", "a4");
        Assert.Equal(a1.Index, a4.Index); // a1's index now names a4, up, of the same service
        Assert.NotEqual(a1.Generation, a4.Generation);
        Assert.Equal(0ul, NewFlows(plane, a4.Index)); // a4 does not inherit a1's counts
        var (verdict, output) = plane.Run(frame);

        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal("02:00:00:00:00:23", MacAddress.Read(output).ToString()); // rescheduled to a3; a4 (…:24) takes no new flow
        Assert.Equal(0ul, NewFlows(plane, a4.Index));
    }

    [RootFact]
    public void FlowOnKeptReal_OtherServiceChanges_KeepsItsRealAndCounts()
    {
        using var plane = LoadWithFlowOnA1(realCapacity: 4, ForwardingMode.DsrL2, out var specs, out var a1, out var frame);
        var counted = NewFlows(plane, a1.Index);

        plane.Apply(TestPlane.Config(OtherServiceGrows, specs));
        Assert.Equal(a1.Generation, plane.Real("a", "a1").Generation);
        var (_, output) = plane.Run(frame);

        Assert.Equal("02:00:00:00:00:21", MacAddress.Read(output).ToString());
        Assert.Equal(counted, NewFlows(plane, a1.Index)); // counts kept, and no new flow
    }

    // Two services on pkt0, a (203.0.113.30) and b (203.0.113.31), both on port 80, with the given reals.
    private static string Services(string[] aReals, string[] bReals) =>
        "interface: pkt0\nservices:\n" + Service("a", "203.0.113.30", aReals) + Service("b", "203.0.113.31", bReals);

    private static string Service(string name, string vip, string[] reals) =>
        $"  - name: {name}\n    vip: {vip}\n    port: 80\n    reals:\n" + string.Concat(reals.Select(r => $"      - {r}\n"));

    // Requires root. A plane with realCapacity real slots, FastLb's MAC as its topology, and Before
    // loaded with both services in mode; frame is a flow of service a that is pinned to a1.
    private static TestPlane LoadWithFlowOnA1(uint realCapacity, ForwardingMode mode, out ModeSpec[] specs, out FastLb.Reconciler.PlannedReal a1, out byte[] frame)
    {
        Privileges.RequireRoot();
        var plane = new TestPlane(realCapacity);
        try
        {
            plane.Dp.Topology.Update(0u, Topology.Create(PhysicalAddress.Parse("02-00-00-00-00-02"), 1));
            specs = [new ModeSpec("a", mode), new ModeSpec("b", mode)];
            plane.Apply(TestPlane.Config(Before, specs));
            a1 = plane.Real("a", "a1");
            frame = OnA1(plane, a1);
            return plane;
        }
        catch
        {
            plane.Dispose();
            throw;
        }
    }

    private static ulong NewFlows(TestPlane plane, uint index) =>
        plane.Dp.RealStats.LookupPerCpu<uint, RealCounter>(index).Aggregate(0ul, (s, c) => s + c.NewFlows);

    // A flow to service a that its first packet pins to a1.
    private static byte[] OnA1(TestPlane plane, FastLb.Reconciler.PlannedReal a1)
    {
        for (ushort sport = 40000; sport < 40100; sport++)
        {
            var frame = Frame.Ethernet(Client, Lb).IPv4(ClientIp, VipA).Tcp(sport, 80, TcpFlags.Ack).Build();
            var (verdict, output) = plane.Run(frame);
            Assert.Equal(XdpAction.Tx, verdict);
            if (MacAddress.Read(output).ToString() == "02:00:00:00:00:21")
            {
                return frame;
            }
        }
        throw new InvalidOperationException($"no flow of 100 landed on {a1.Real.Name}");
    }
}
