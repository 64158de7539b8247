using System.Net;
using System.Net.NetworkInformation;

namespace FastLb.Interop.Tests.Abi;

/// <summary>The factories write wire-format bytes and read back what they wrote.</summary>
public sealed class AbiValueTests
{
    [Fact]
    public void VipKeyCreate_Ipv4_WritesNetworkOrderBytes()
    {
        var key = VipKey.Create(IPAddress.Parse("203.0.113.10"), 80, 6);
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<VipKey>(ref key)).ToArray();
        Assert.Equal(new byte[] { 203, 0, 113, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 80, 6, 2 }, bytes);
        Assert.Equal(IPAddress.Parse("203.0.113.10"), key.Address);
        Assert.Equal(80, key.HostPort);
    }

    [Fact]
    public void VipKeyCreate_Ipv6_FillsAllSixteenBytes()
    {
        var key = VipKey.Create(IPAddress.Parse("2001:db8::1"), 443, 17);
        Assert.Equal(Family.Inet6, key.Family);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), key.Address);
        Assert.Equal(443, key.HostPort);
    }

    [Fact]
    public void RealCreate_RoundTripsAddressPortMacAndFlags()
    {
        var real = Real.Create(IPAddress.Parse("192.0.2.5"), 8080, PhysicalAddress.Parse("02-00-00-00-00-05"), RealFlags.Up);
        Assert.Equal(IPAddress.Parse("192.0.2.5"), real.Address);
        Assert.Equal(8080, real.HostPort);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-05"), real.MacAddress);
        Assert.Equal(RealFlags.Up, real.Flags);
        Assert.Equal(0x901f, real.Port); // 8080 = 0x1f90, stored big-endian
    }

    [Fact]
    public void RealCreate_ShortMac_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Real.Create(IPAddress.Parse("192.0.2.5"), 80, new PhysicalAddress([1, 2, 3]), RealFlags.Up));
        Assert.Contains("not 6", e.Message);
    }

    [Fact]
    public void FlowKeyCreate_RoundTripsTuple()
    {
        var key = FlowKey.Create(IPAddress.Parse("198.51.100.7"), 40000, IPAddress.Parse("203.0.113.10"), 80, 6);
        Assert.Equal(IPAddress.Parse("198.51.100.7"), key.Source);
        Assert.Equal(IPAddress.Parse("203.0.113.10"), key.Destination);
        Assert.Equal(40000, key.SourcePort);
        Assert.Equal(80, key.DestinationPort);
        Assert.Equal(0, key.Pad);
    }

    [Fact]
    public void FlowKeyCreate_MixedFamilies_Throws()
    {
        Assert.Throws<ArgumentException>(() => FlowKey.Create(IPAddress.Parse("198.51.100.7"), 1, IPAddress.Parse("2001:db8::1"), 2, 6));
    }

    [Fact]
    public void RingOuter_MatchesMacro()
    {
        Assert.Equal((3u * 2u) + 1u, AbiLimits.RingOuter(3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiLimits.RingOuter(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiLimits.RingOuter(AbiLimits.MaxServicesLimit, 0));
    }

    [Theory]
    [InlineData(Reason.TxForward, XdpAction.Tx)]
    [InlineData(Reason.PassNotIp, XdpAction.Pass)]
    [InlineData(Reason.PassIp6Ext, XdpAction.Pass)]
    [InlineData(Reason.DropMalformed, XdpAction.Drop)]
    [InlineData(Reason.DropBadService, XdpAction.Drop)]
    public void Verdict_Reason_IsDocumentedVerdict(Reason reason, XdpAction verdict) => Assert.Equal(verdict, Reasons.Verdict(reason));

    [Fact]
    public void Verdict_UnknownReason_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => Reasons.Verdict((Reason)99));
}
