using static FastLb.PacketTests.Modes.EncapFixture;
using static FastLb.PacketTests.Modes.EncapFrames;

namespace FastLb.PacketTests.Modes;

/// <summary>The per-real outer header template the program caches (encap_nh.h): a reload that
/// changes encap-source or gue-port reaches the very next packet of an established flow, though
/// the cached entry is still fresh; the rebuilt headers are exact, checksums included; a VLAN tag
/// stays in front of them.</summary>
[Collection(EncapCollection.Name)]
public sealed class EncapTemplateTests(EncapFixture fx)
{
    [RootTheory]
    [InlineData("198.51.100.7", "203.0.113.71", "192.0.2.11", "gue4", "198.51.100.32", 28)]
    [InlineData("2001:db8:1::7", "2001:db8:3::71", "2001:db8:2::11", "gue6", "2001:db8:1::200", 120)]
    public void EncapSourceAndGuePortReloaded_NextPacketOfTheFlowCarriesThem(string client, string vip, string real, string service,
        string newSource, int prefix)
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var v6 = client.Contains(':');
        var request = Request(client, vip, 40100, tos: 0x10);
        var hash = Hash(client, 40100, vip, 80, 6);
        var port = fx.Config.Services.Single(s => s.Name == service).GuePort;
        var original = fx.Config;
        try
        {
            // Warm: the entry for this real is built and cached by the first packet.
            Assert.Equal(Gue(LbMac, RouterMac, OuterSource(v6, hash), real, port, Inner(request), 0x10, hash), fx.Run(request).Output);

            var source = new EncapSource(IPAddress.Parse(newSource), prefix);
            fx.Apply(original with
            {
                EncapSource4 = v6 ? original.EncapSource4 : source,
                EncapSource6 = v6 ? source : original.EncapSource6,
                Services = [.. original.Services.Select(s => s.Name == service ? s with { GuePort = 6555 } : s)],
            });

            var (verdict, output) = fx.Run(request);
            Assert.Equal(XdpAction.Tx, verdict);
            Assert.Equal(Gue(LbMac, RouterMac, OuterSource(v6, hash, newSource), real, 6555, Inner(request), 0x10, hash), output);
            Assert.True(Checksums.Verify(output).AllValid);
        }
        finally
        {
            fx.Apply(original);
        }
        // And back: the next packet has the original tunnel again.
        Assert.Equal(Gue(LbMac, RouterMac, OuterSource(v6, hash), real, port, Inner(request), 0x10, hash), fx.Run(request).Output);
    }

    [RootFact]
    public void VlanTaggedRequest_TagKeptInFrontOfTheOuterHeader()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var request = Frame.Ethernet(RouterMac, LbMac).Vlan(42).IPv4("198.51.100.7", "203.0.113.70", 64, id: 7, dontFragment: true, tos: 0x28)
            .Tcp(40300, 80, TcpFlags.Psh | TcpFlags.Ack, seq: 1000, payload: EncapFrames.Payload, ack: 77).Build();
        var hash = Hash("198.51.100.7", 40300, "203.0.113.70", 80, 6);
        var expected = Frame.Ethernet(LbMac, RouterMac).Vlan(42).IPv4(OuterSource(false, hash), "192.0.2.11", 64, id: 0, dontFragment: true, tos: 0x28)
            .IpPayload(4, request[18..]).Build();

        var (verdict, output) = fx.Run(request);

        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(expected, output);
    }
}
