using static FastLb.PacketTests.Modes.EncapFixture;
using static FastLb.PacketTests.Modes.EncapFrames;

namespace FastLb.PacketTests.Modes;

/// <summary>dsr-ipip and dsr-gue through the real program: exact outer and inner bytes, the outer
/// next hop from the FIB, the per-flow outer source and GUE source port, an unresolved next hop.</summary>
[Collection(EncapCollection.Name)]
public sealed class EncapTests(EncapFixture fx)
{
    public static TheoryData<string, string, string, string> Requests => new()
    {
        { "ipip", "198.51.100.7", "203.0.113.70", "192.0.2.11" },
        { "ipip", "2001:db8:1::7", "2001:db8:3::70", "2001:db8:2::11" },
        { "gue", "198.51.100.7", "203.0.113.71", "192.0.2.11" },
        { "gue", "2001:db8:1::7", "2001:db8:3::71", "2001:db8:2::11" },
    };

    [RootTheory]
    [MemberData(nameof(Requests))]
    public void Request_Tunnelled_ExactOuterHeadersAndUnchangedInner(string mode, string client, string vip, string real)
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var v6 = client.Contains(':');
        var request = Request(client, vip, 40000, tos: 0x28);
        var hash = Hash(client, 40000, vip, 80, 6);
        var port = v6 ? (ushort)7000 : (ushort)6080;

        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(request);

        Assert.Equal(XdpAction.Tx, verdict);
        var expected = mode == "ipip"
            ? Ipip(LbMac, RouterMac, OuterSource(v6, hash), real, Inner(request), 0x28, hash)
            : Gue(LbMac, RouterMac, OuterSource(v6, hash), real, port, Inner(request), 0x28, hash);
        Assert.Equal(expected, output);
        Assert.True(Checksums.Verify(output).AllValid); // outer IPv4 header; outer UDP over IPv6
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxForward] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootFact]
    public void UdpRequest_Gue4_UdpChecksumZeroAndInnerKept()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var request = UdpRequest("198.51.100.9", "203.0.113.74", 5000, 53);
        var hash = Hash("198.51.100.9", 5000, "203.0.113.74", 53, 17);
        var (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(Gue(LbMac, RouterMac, OuterSource(false, hash), "192.0.2.11", 6080, Inner(request), 0, hash), output);
        Assert.Equal(0, output[14 + 20 + 6] | output[14 + 20 + 7]);
    }

    [RootTheory]
    [InlineData("203.0.113.70", false)]
    [InlineData("2001:db8:3::71", true)]
    public void ManyFlows_OuterSourceAndGuePortFollowTheFlowHash_AndVary(string vip, bool v6)
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var client = v6 ? "2001:db8:1::7" : "198.51.100.7";
        var sources = new HashSet<string>();
        var ports = new HashSet<ushort>();
        for (ushort sport = 41000; sport < 41032; sport++)
        {
            var hash = Hash(client, sport, vip, 80, 6);
            var (verdict, output) = fx.Run(Request(client, vip, sport));
            Assert.Equal(XdpAction.Tx, verdict);
            var parsed = FrameParser.Parse(output);
            Assert.Equal(OuterSource(v6, hash), parsed.Source!.ToString());
            sources.Add(parsed.Source!.ToString());
            if (v6)
            {
                var sourcePort = (ushort)((output[14 + 40] << 8) | output[14 + 41]);
                Assert.Equal(GueSourcePort(hash), sourcePort);
                ports.Add(sourcePort);
            }
        }
        // 32 flows over 16 (v4) or 256 (v6) outer sources: a fixed source would give one.
        Assert.True(sources.Count >= 8, $"{sources.Count} outer sources");
        Assert.True(!v6 || ports.Count >= 16, $"{ports.Count} GUE source ports");
    }

    [RootFact]
    public void NextHopWithoutNeighbour_WholeTunnelPacketToTheKernel_Counted()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var request = Request("198.51.100.7", "203.0.113.73", 40010);
        var hash = Hash("198.51.100.7", 40010, "203.0.113.73", 80, 6);
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Pass, verdict);
        // The MACs stay as received (to FastLb): the kernel forwards it and resolves the next hop.
        Assert.Equal(Ipip(RouterMac, LbMac, OuterSource(false, hash), "192.0.2.60", Inner(request), 0, hash), output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNoNeigh] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootFact]
    public void EstablishedFlow_RealAdded_KeepsItsReal_NewFlowsReachTheNewOne()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var original = fx.Config;
        try
        {
            var pinned = new Dictionary<ushort, string>();
            for (ushort sport = 42000; sport < 42040; sport++)
            {
                pinned[sport] = FrameParser.Parse(fx.Run(Request("198.51.100.7", "203.0.113.75", sport)).Output).Destination!.ToString();
            }
            Assert.Equal(2, pinned.Values.Distinct().Count());

            var service = original.Services.Single(s => s.Name == "ipip4-two");
            var added = service with { Reals = [.. service.Reals, service.Reals[0] with { Name = "c", Address = System.Net.IPAddress.Parse("192.0.2.14") }] };
            fx.Apply(original with { Services = [.. original.Services.Select(s => s.Name == "ipip4-two" ? added : s)] });

            foreach (var (sport, real) in pinned)
            {
                Assert.Equal(real, FrameParser.Parse(fx.Run(Request("198.51.100.7", "203.0.113.75", sport)).Output).Destination!.ToString());
            }
            var fresh = Enumerable.Range(43000, 60).Select(p => FrameParser.Parse(fx.Run(Request("198.51.100.7", "203.0.113.75", (ushort)p)).Output).Destination!.ToString());
            Assert.Contains("192.0.2.14", fresh);
        }
        finally
        {
            fx.Apply(original);
        }
    }

    [RootFact]
    public void NotAService_PassesUntouched()
    {
        Privileges.RequireRoot();
        var request = Request("198.51.100.7", "203.0.113.70", 40000, dport: 81);
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(request, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotVip] = 1 }, fx.Plane.DeltaSince(before));
    }
}
