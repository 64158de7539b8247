namespace FastLb.PacketTests.Modes;

/// <summary>The program without a NAT table (maps written by something other than the controller,
/// which creates it before the first NAT service): a NAT service's new flow is dropped as a bad
/// service and nothing is pinned; a reply finds no flow and goes to the kernel.</summary>
[Collection(ModesCollection.Name)]
public sealed class NatTableTests(ModesFixture fx)
{
    [RootFact]
    public void NoTable_NewFlowDroppedAsBadService_NothingPinned_ReplyPassed()
    {
        fx.Fresh();
        var table = fx.Plane.Dp.Nat.Map!;
        Assert.True(fx.Plane.Dp.Nat.Outer.Delete(0u));
        try
        {
            var request = Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.50", 40300, 80);
            var before = fx.Plane.Snapshot();
            var (verdict, output) = fx.Run(request);
            Assert.Equal(XdpAction.Drop, verdict);
            Assert.Equal(request, output);
            Assert.Equal(new Dictionary<Reason, ulong> { [Reason.DropBadService] = 1 }, fx.Plane.DeltaSince(before));
            Assert.False(fx.Plane.Dp.Flows.TryLookup(FlowKey.Create(IPAddress.Parse("198.51.100.7"), 40300, IPAddress.Parse("203.0.113.50"), 80, 6), out Flow _));

            var reply = Tcp(RealMac, ClientMac, "192.0.2.11", "198.51.100.7", 8080, 40300);
            before = fx.Plane.Snapshot();
            (verdict, output) = fx.Run(reply, inside: true);
            Assert.Equal(XdpAction.Pass, verdict);
            Assert.Equal(reply, output);
            Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotVip] = 1 }, fx.Plane.DeltaSince(before));
        }
        finally
        {
            fx.Plane.Dp.Nat.Outer.Update(0u, table.Fd);
        }

        // The table back: the same flow is served.
        Assert.Equal(XdpAction.Redirect, fx.Run(Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.50", 40300, 80)).Verdict);
    }
}
