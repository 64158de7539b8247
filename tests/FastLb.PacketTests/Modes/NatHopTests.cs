namespace FastLb.PacketTests.Modes;

/// <summary>
/// The next hops the NAT modes keep (bpf/lib/nat_hop.h): toward a real, per real and per CPU; back to
/// the client, in the flow's reverse entry. A new MAC for the real or for the client's next hop is
/// used once the kept hop is older than the refresh period (its clock moved back here, as time
/// passing would); a lookup that finds no neighbour is never kept.
/// </summary>
[Collection(ModesCollection.Name)]
public sealed class NatHopTests(ModesFixture fx)
{
    private const string NewMac = "02:00:00:00:00:99";
    private const ulong RefreshNs = 1_000_000_000; // FASTLB_NAT_HOP_REFRESH_NS

    public static TheoryData<string, string, string, string, bool> Requests => new()
    {
        // service, client, VIP, real, routed
        { "r4", "198.51.100.7", "203.0.113.40", "192.0.2.11", true },
        { "r6", "2001:db8:1::7", "2001:db8:3::40", "2001:db8:2::11", true },
        { "t4-neigh", "198.51.100.7", "203.0.113.54", "192.0.2.11", false },
    };

    [RootTheory]
    [MemberData(nameof(Requests))]
    public void RealsMacChanges_RequestsTakeTheNewMacOnceTheKeptHopIsStale(string service, string client, string vip, string real, bool routed)
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        fx.SetTopology(inline: true, bridge: false);
        var index = RealIndex(service);
        var request = Tcp(ClientMac, LbOut, client, vip, 40300, 80);
        byte[] Sent(string mac) => routed ? Tcp(LbIn, mac, client, real, 40300, 8080, ttl: 63) : Tcp(ClientMac, mac, client, real, 40300, 8080);

        var (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Sent(RealMac), output);
        Assert.Contains(fx.Plane.Dp.RealHops.LookupPerCpu<uint, RealHop>(index), h => h.Hop.ResolvedNs != 0
            && h.Address(real.Contains(':', StringComparison.Ordinal) ? Family.Inet6 : Family.Inet).Equals(IPAddress.Parse(real))
            && h.Hop.DestinationMac.Equals(Mac(RealMac)) && h.Hop.SourceMac.Equals(Mac(LbIn))
            && h.Hop.Ifindex == (uint)fx.InIfindex && h.Hop.Ingress == (uint)fx.OutIfindex);
        try
        {
            SetNeighbour(real, NewMac, "i0");
            AgeRealHop(index);
            Assert.Equal(Sent(NewMac), fx.Run(request).Output);

            // And back, the same way.
            SetNeighbour(real, RealMac, "i0");
            AgeRealHop(index);
            Assert.Equal(Sent(RealMac), fx.Run(request).Output);
        }
        finally
        {
            SetNeighbour(real, RealMac, "i0");
            AgeRealHop(index);
        }
    }

    public static TheoryData<string, string, string, bool> Replies => new()
    {
        // client, VIP, real, routed (inline; else transparent one-arm)
        { "198.51.100.7", "203.0.113.40", "192.0.2.11", true },
        { "2001:db8:1::7", "2001:db8:3::40", "2001:db8:2::11", true },
        { "198.51.100.7", "203.0.113.50", "192.0.2.11", false },
    };

    [RootTheory]
    [MemberData(nameof(Replies))]
    public void ClientsNextHopChanges_RepliesTakeTheNewMacOnceTheKeptHopIsStale(string client, string vip, string real, bool routed)
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        fx.SetTopology(inline: routed, bridge: false);
        try
        {
            var verdict = routed ? XdpAction.Redirect : XdpAction.Tx;
            Assert.Equal(verdict, fx.Run(Tcp(ClientMac, LbOut, client, vip, 40301, 80)).Verdict);
            var reply = routed ? Tcp(RealMac, LbIn, real, client, 8080, 40301) : Tcp(RealMac, LbOut, real, client, 8080, 40301);
            byte[] Sent(string mac) => Tcp(LbOut, mac, vip, client, 80, 40301, ttl: routed ? (byte)63 : (byte)64);
            var reverse = FlowKey.Create(IPAddress.Parse(real), 8080, IPAddress.Parse(client), 40301, 6);
            Assert.True(fx.Plane.Dp.Nat.TryLookup(reverse, out Nat created));
            Assert.Equal(0ul, created.ClientHop.ResolvedNs); // resolved by the first reply, where it arrives

            var (v, output) = fx.Run(reply, inside: routed);
            Assert.Equal(verdict, v);
            Assert.Equal(Sent(ClientMac), output);
            Assert.True(fx.Plane.Dp.Nat.TryLookup(reverse, out Nat nat));
            Assert.NotEqual(0ul, nat.ClientHop.ResolvedNs);
            Assert.Equal((Mac(ClientMac), Mac(LbOut), (uint)fx.OutIfindex, (uint)(routed ? fx.InIfindex : fx.OutIfindex)),
                (nat.ClientHop.DestinationMac, nat.ClientHop.SourceMac, nat.ClientHop.Ifindex, nat.ClientHop.Ingress));

            SetNeighbour(client, NewMac, "o0");
            AgeClientHop(reverse);
            Assert.Equal(Sent(NewMac), fx.Run(reply, inside: routed).Output);
        }
        finally
        {
            SetNeighbour(client, ClientMac, "o0");
            fx.SetTopology(inline: true, bridge: false);
        }
    }

    [RootFact]
    public void NeighbourGone_PassesToTheKernelAndKeepsNothing_UntilItIsBack()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        fx.SetTopology(inline: true, bridge: false);
        var index = RealIndex("r4");
        var request = Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.40", 40302, 80);
        var sent = Tcp(LbIn, RealMac, "198.51.100.7", "192.0.2.11", 40302, 8080, ttl: 63);
        Assert.Equal(sent, fx.Run(request).Output);
        try
        {
            fx.Ns.Ip("neigh", "del", "192.0.2.11", "dev", "i0");
            AgeRealHop(index);
            var aged = fx.Plane.Dp.RealHops.LookupPerCpu<uint, RealHop>(index).Select(h => h.Hop.ResolvedNs).ToArray();
            var before = fx.Plane.Snapshot();
            var (verdict, output) = fx.Run(request);
            Assert.Equal(XdpAction.Pass, verdict);
            Assert.Equal(Tcp(ClientMac, LbOut, "198.51.100.7", "192.0.2.11", 40302, 8080), output); // rewritten, TTL kept
            Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNoNeigh] = 1 }, fx.Plane.DeltaSince(before));
            // Nothing fresh kept: each CPU's hop is as aged, or emptied by the failed lookup.
            Assert.All(fx.Plane.Dp.RealHops.LookupPerCpu<uint, RealHop>(index).Select(h => h.Hop.ResolvedNs).Zip(aged),
                p => Assert.True(p.First == p.Second || p.First == 0, $"{p.First} after {p.Second}"));

            // Back: the very next packet finds it, no period to wait out.
            SetNeighbour("192.0.2.11", RealMac, "i0");
            (verdict, output) = fx.Run(request);
            Assert.Equal(XdpAction.Redirect, verdict);
            Assert.Equal(sent, output);
        }
        finally
        {
            SetNeighbour("192.0.2.11", RealMac, "i0");
        }
    }

    private uint RealIndex(string service) => fx.Plane.Plan.Services.Single(s => s.Config.Name == service).Reals.Single().Index;

    private void SetNeighbour(string address, string mac, string dev) =>
        fx.Ns.Ip("neigh", "replace", address, "lladdr", mac, "dev", dev, "nud", "permanent");

    private static ulong Aged(ulong ns) => ns == 0 ? 0 : ns > 2 * RefreshNs ? ns - 2 * RefreshNs : 1;

    /// <summary>Moves every CPU's kept hop toward real <paramref name="index"/> two refresh periods back.</summary>
    private void AgeRealHop(uint index)
    {
        var hops = fx.Plane.Dp.RealHops.LookupPerCpu<uint, RealHop>(index);
        for (var i = 0; i < hops.Length; i++)
        {
            hops[i].Hop.ResolvedNs = Aged(hops[i].Hop.ResolvedNs);
        }
        fx.Plane.Dp.RealHops.UpdatePerCpu(index, (ReadOnlySpan<RealHop>)hops);
    }

    /// <summary>Moves the client hop kept in reverse entry <paramref name="reverse"/> two refresh periods back.</summary>
    private void AgeClientHop(FlowKey reverse)
    {
        Assert.True(fx.Plane.Dp.Nat.TryLookup(reverse, out Nat nat));
        nat.ClientHop.ResolvedNs = Aged(nat.ClientHop.ResolvedNs);
        fx.Plane.Dp.Nat.Update(reverse, nat);
    }
}
