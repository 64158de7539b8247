namespace FastLb.PacketTests.Modes;

/// <summary>ICMP errors (fragmentation needed, packet too big) quoting a NAT'd flow: translated and
/// sent to the side owning the flow, exact bytes with every checksum computed from scratch by the
/// test; errors quoting an unknown flow pass untouched.</summary>
[Collection(ModesCollection.Name)]
public sealed class IcmpErrorTests(ModesFixture fx)
{
    private const string RouterMac = "02:00:00:00:00:fe";

    public static TheoryData<string> Kinds => new() { "routed-v4", "routed-v4-from-real", "routed-v6", "transparent-v4" };

    [RootTheory]
    [MemberData(nameof(Kinds))]
    public void ErrorAboutARequest_FromTheServerSide_ToTheClientWithTheQuoteRestored(string kind)
    {
        fx.Fresh();
        var c = Case(kind);
        var (verdict, forwarded) = fx.Run(Tcp(ClientMac, LbOut, c.Client, c.Vip, 40030, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        var origin = kind.EndsWith("from-real", StringComparison.Ordinal) ? c.Real : c.InsideRouter;

        var error = Error(RouterMac, c.Routed ? LbIn : ClientMac, origin, c.Client, Quote(forwarded), c.V6);
        var before = fx.Plane.Snapshot();
        (verdict, var output) = fx.Run(error, inside: true);

        var expectedQuote = Quote(Tcp(LbIn, RealMac, c.Client, c.Vip, 40030, 80, ttl: c.Routed ? (byte)63 : (byte)64));
        var expected = c.Routed
            ? Error(LbOut, ClientMac, origin == c.Real ? c.Vip : origin, c.Client, expectedQuote, c.V6, ttl: 63)
            : Error(RouterMac, ClientMac, origin, c.Client, expectedQuote, c.V6);
        AssertRedirectedError(expected, verdict, output, before);
    }

    [RootTheory]
    [InlineData("routed-v4")]
    [InlineData("routed-v6")]
    public void ErrorAboutAReply_FromTheClientSide_ToTheRealWithTheQuoteAsItSentIt(string kind)
    {
        fx.Fresh();
        var c = Case(kind);
        Assert.Equal(XdpAction.Redirect, fx.Run(Tcp(ClientMac, LbOut, c.Client, c.Vip, 40031, 80)).Verdict);
        var (verdict, reply) = fx.Run(Tcp(RealMac, LbIn, c.Real, c.Client, 8080, 40031), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);

        // The client's router could not pass the reply on; it tells the VIP.
        var error = Error(RouterMac, LbOut, c.OutsideRouter, c.Vip, Quote(reply), c.V6);
        var before = fx.Plane.Snapshot();
        (verdict, var output) = fx.Run(error);

        var expected = Error(LbIn, RealMac, c.OutsideRouter, c.Real, Quote(Tcp(LbOut, ClientMac, c.Real, c.Client, 8080, 40031, ttl: 63)), c.V6, ttl: 63);
        AssertRedirectedError(expected, verdict, output, before);
    }

    [RootTheory]
    [InlineData("routed-v4")]
    [InlineData("routed-v6")]
    public void ErrorQuotingAnUnknownFlow_PassesUntouched(string kind)
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var c = Case(kind);
        var error = Error(RouterMac, LbIn, c.InsideRouter, c.Client, Quote(Tcp(LbIn, RealMac, c.Client, c.Real, 40032, 8080)), c.V6);
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(error, inside: true);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(error, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotL4] = 1 }, fx.Plane.DeltaSince(before));
    }

    private sealed record IcmpCase(bool V6, bool Routed, string Client, string Vip, string Real, string InsideRouter, string OutsideRouter);

    private static IcmpCase Case(string kind) => kind switch
    {
        "routed-v6" => new(true, true, "2001:db8:1::7", "2001:db8:3::40", "2001:db8:2::11", "2001:db8:2::2", "2001:db8:1::fe"),
        "transparent-v4" => new(false, false, "198.51.100.7", "203.0.113.50", "192.0.2.11", "192.0.2.2", "198.51.100.254"),
        _ => new(false, true, "198.51.100.7", "203.0.113.40", "192.0.2.11", "192.0.2.2", "198.51.100.254"),
    };

    // The IP header and first 8 bytes of L4 of a frame, as an ICMP error quotes them.
    private static byte[] Quote(byte[] frame) =>
        frame[14..(14 + ((frame[14] >> 4) == 6 ? 40 : 20) + 8)];

    // Fragmentation needed (IPv4, MTU 1400) or packet too big (IPv6, MTU 1280) carrying `quote`.
    private static byte[] Error(string srcMac, string dstMac, string src, string dst, byte[] quote, bool v6, byte ttl = 64) => v6
        ? Ip(srcMac, dstMac, src, dst, ttl).Icmp(2, 0, identifier: 0, sequence: 1280, payload: quote).Build()
        : Ip(srcMac, dstMac, src, dst, ttl).Icmp(3, 4, identifier: 0, sequence: 1400, payload: quote).Build();

    // A translated error: redirected as exactly the expected bytes, every checksum valid, counted once.
    private void AssertRedirectedError(byte[] expected, XdpAction verdict, byte[] output, ulong[] before)
    {
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(expected, output);
        Assert.True(Checksums.Verify(output).AllValid);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.RedirectIcmpError] = 1 }, fx.Plane.DeltaSince(before));
    }
}
