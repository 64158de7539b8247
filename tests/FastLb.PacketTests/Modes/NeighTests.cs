namespace FastLb.PacketTests.Modes;

/// <summary>The ARP / neighbour-discovery responder: requests for a transparent VIP answered in place
/// with the receiving port's MAC; anything else untouched.</summary>
[Collection(ModesCollection.Name)]
public sealed class NeighTests(ModesFixture fx)
{
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Client6 = IPAddress.Parse("2001:db8:1::7");
    private static readonly MacAddress ClientHw = MacAddress.Parse(ClientMac);

    [RootTheory]
    [InlineData(false, LbOut)]
    [InlineData(true, LbIn)]
    public void ArpRequestForTransparentVip_AnsweredWithTheReceivingPortsMac(bool inside, string lbMac)
    {
        Privileges.RequireRoot();
        fx.SetTopology(inline: true, bridge: false);
        var vip = IPAddress.Parse("203.0.113.50");
        var request = Frame.Ethernet(ClientMac, "ff:ff:ff:ff:ff:ff").Arp(1, ClientHw, Client, MacAddress.Parse("00:00:00:00:00:00"), vip).Build();
        var before = fx.Plane.Snapshot();

        var (verdict, output) = fx.Run(request, inside);

        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(Frame.Ethernet(lbMac, ClientMac).Arp(2, MacAddress.Parse(lbMac), vip, ClientHw, Client).Build(), output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxNeighReply] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootTheory]
    [InlineData("203.0.113.99")] // no service
    [InlineData("203.0.113.40")] // a routed VIP: its router owns the address
    public void ArpRequestForOtherAddress_PassesUnchanged(string target)
    {
        Privileges.RequireRoot();
        fx.SetTopology(inline: true, bridge: false);
        var request = Frame.Ethernet(ClientMac, "ff:ff:ff:ff:ff:ff").Arp(1, ClientHw, Client, MacAddress.Parse("00:00:00:00:00:00"), IPAddress.Parse(target)).Build();
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(request, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotIp] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void NeighbourSolicitationForTransparentVip_AdvertisementWithTargetLinkLayerAddress(bool withSourceOption)
    {
        Privileges.RequireRoot();
        fx.SetTopology(inline: true, bridge: false);
        var vip = IPAddress.Parse("2001:db8:3::50");
        var solicit = Solicitation(vip, withSourceOption);
        var before = fx.Plane.Snapshot();

        var (verdict, output) = fx.Run(solicit);

        Assert.Equal(XdpAction.Tx, verdict);
        byte[] option = [2, 1, .. MacAddress.Parse(LbOut).ToArray()];
        var expected = Frame.Ethernet(LbOut, ClientMac).IPv6(vip, Client6, hopLimit: 255)
            .Icmp(136, 0, identifier: 0x6000, sequence: 0, payload: [.. vip.GetAddressBytes(), .. option]).Build(); // S and O flags
        Assert.Equal(expected, output);
        Assert.True(Checksums.Verify(output).AllValid);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxNeighReply] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootTheory]
    [InlineData("2001:db8:3::99", 255)] // no service
    [InlineData("2001:db8:3::50", 64)] // hop limit not 255: not from the link
    public void OtherSolicitation_PassesUnchanged(string target, byte hopLimit)
    {
        Privileges.RequireRoot();
        fx.SetTopology(inline: true, bridge: false);
        var solicit = Solicitation(IPAddress.Parse(target), true, hopLimit);
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(solicit);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(solicit, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotL4] = 1 }, fx.Plane.DeltaSince(before));
    }

    private static byte[] Solicitation(IPAddress target, bool withSourceOption, byte hopLimit = 255)
    {
        var t = target.GetAddressBytes();
        var solicited = IPAddress.Parse($"ff02::1:ff{t[13]:x2}:{t[14]:x2}{t[15]:x2}");
        byte[] payload = withSourceOption ? [.. t, 1, 1, .. ClientHw.ToArray()] : t;
        return Frame.Ethernet(ClientMac, $"33:33:ff:{t[13]:x2}:{t[14]:x2}:{t[15]:x2}").IPv6(Client6, solicited, hopLimit)
            .Icmp(135, 0, identifier: 0, sequence: 0, payload: payload).Build();
    }
}
