using System.Net;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Model;
using FastLb.Testing;
using Xunit;
using static FastLb.PacketTests.Modes.ModeFrames;
using static FastLb.PacketTests.Modes.ModesFixture;

namespace FastLb.PacketTests.Modes;

/// <summary>SNAT port allocation: distinct ports for flows whose first choice collides, the port
/// kept for the flow's later packets, and a full range dropped without sending.</summary>
[Collection(ModesCollection.Name)]
public sealed class SnatTests(ModesFixture fx)
{
    private static readonly PortRange Range = new(40000, 40001); // r4-snat: two ports
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.42");

    [RootFact]
    public void CollidingFirstChoice_SecondFlowGetsTheOtherPort_FullRangeDrops()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        fx.SetTopology(inline: true, bridge: false);
        // Two clients whose flows hash to the same first port.
        var (c1, c2) = ("198.51.100.7", "198.51.100.8");
        var first = FirstSnatPort(Key(c1, 40100), Range);
        var sport2 = Enumerable.Range(40100, 200).Select(p => (ushort)p).First(p => FirstSnatPort(Key(c2, p), Range) == first);
        var other = first == Range.First ? Range.Last : Range.First;

        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c1, "203.0.113.42", 40100, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", first, 8080, ttl: 63), output);

        (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c2, "203.0.113.42", sport2, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", other, 8080, ttl: 63), output);

        // The first flow's next packet keeps its port.
        (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c1, "203.0.113.42", 40100, 80));
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", first, 8080, ttl: 63), output);

        // Each reply finds its own client.
        (verdict, output) = fx.Run(Tcp(RealMac, LbIn, "192.0.2.11", "192.0.2.1", 8080, other), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbOut, ClientMac, "203.0.113.42", c2, 80, sport2, ttl: 63), output);

        // Both ports taken: a third flow is dropped, nothing sent, no flow pinned.
        var third = Tcp(ClientMac, LbOut, c1, "203.0.113.42", 40999, 80);
        var before = fx.Plane.Snapshot();
        (verdict, output) = fx.Run(third);
        Assert.Equal(XdpAction.Drop, verdict);
        Assert.Equal(third, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.DropSnatExhausted] = 1 }, fx.Plane.DeltaSince(before));
        Assert.False(fx.Plane.Dp.Flows.TryLookup(Key(c1, 40999), out Flow _));
    }

    private static FlowKey Key(string client, ushort sport) => FlowKey.Create(IPAddress.Parse(client), sport, Vip, 80, 6);
}
