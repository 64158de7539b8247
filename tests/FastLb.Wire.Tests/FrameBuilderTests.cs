using System.Buffers.Binary;
using System.Net;
using FastLb.Wire;
using Xunit;

namespace FastLb.Wire.Tests;

/// <summary>The frame builder and parser against known checksums and themselves (round trip).</summary>
public sealed class FrameBuilderTests
{
    private static readonly MacAddress Client = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress Lb = MacAddress.Parse("02:00:00:00:00:02");
    private static readonly byte[] Hello = "hello, fastlb"u8.ToArray();

    [Fact]
    public void Internet_Rfc1071Example_ReturnsComplementOfDdf2()
    {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
        Assert.Equal(0x220d, Checksums.Internet([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]));
    }

    [Fact]
    public void Internet_OddLength_PadsWithZero()
    {
        Assert.Equal(Checksums.Internet([0x12, 0x34, 0x56, 0x00]), Checksums.Internet([0x12, 0x34, 0x56]));
    }

    [Fact]
    public void Build_KnownIPv4Header_HeaderChecksumIsB861()
    {
        // The classic worked example: 4500 0073 0000 4000 4011 xxxx c0a8 0001 c0a8 00c7 -> b861.
        var frame = Frame.Ethernet(Client, Lb).IPv4("192.168.0.1", "192.168.0.199", ttl: 64, dontFragment: true)
            .Udp(1, 2, new byte[0x73 - 28]).Build();
        Assert.Equal(Convert.FromHexString("450000730000400040110000c0a80001c0a800c7").Select((b, i) => i is 10 or 11 ? (byte)0 : b),
            frame[14..34].Select((b, i) => i is 10 or 11 ? (byte)0 : b));
        Assert.Equal(0xb861, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(24)));
    }

    [Fact]
    public void Build_TcpIPv4_ChecksumMatchesValueConfirmedByTcpdump()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10", ttl: 64)
            .Tcp(40000, 80, TcpFlags.Psh | TcpFlags.Ack, seq: 1000, payload: Hello, ack: 7).Build();
        var parsed = FrameParser.Parse(frame);
        Assert.Equal(KnownTcp4Checksum, parsed.L4Checksum);
        Assert.Equal(KnownTcp4IpChecksum, parsed.IPv4HeaderChecksum);
    }

    [Fact]
    public void Build_UdpIPv6_ChecksumMatchesValueConfirmedByTcpdump()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv6("2001:db8:1::7", "2001:db8:3::10", hopLimit: 64)
            .Udp(40000, 53, Hello).Build();
        Assert.Equal(KnownUdp6Checksum, FrameParser.Parse(frame).L4Checksum);
    }

    [Fact]
    public void Build_TcpIPv4_RoundTripsEveryField()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10", ttl: 63)
            .Tcp(40000, 80, TcpFlags.Syn, seq: 12345, payload: Hello).Build();
        var p = FrameParser.Parse(frame);
        Assert.Equal(14 + 20 + 20 + Hello.Length, frame.Length);
        Assert.Equal((Client, Lb), (p.SourceMac, p.DestinationMac));
        Assert.Empty(p.VlanIds);
        Assert.Equal(EtherTypes.IPv4, p.EtherType);
        Assert.Equal((4, IPAddress.Parse("198.51.100.7"), IPAddress.Parse("203.0.113.10")), (p.IpVersion, p.Source, p.Destination));
        Assert.Equal(63, p.Ttl);
        Assert.Equal(20, p.IPv4HeaderLength);
        Assert.False(p.IsFragment);
        Assert.Equal((IpProtocols.Tcp, (ushort)40000, (ushort)80), (p.Protocol, p.SourcePort, p.DestinationPort));
        Assert.Equal((TcpFlags.Syn, 12345u), (p.TcpFlags, p.TcpSequence));
        Assert.Equal(Hello, p.Payload);
        Assert.Equal(2, Checksums.Verify(frame).Results.Count);
    }

    [Fact]
    public void Build_IPv4Options_SetsIhlAndKeepsChecksumsValid()
    {
        var options = new byte[] { 0x01, 0x01, 0x01, 0x00, 0x94, 0x04, 0x00, 0x00 }; // NOP NOP NOP EOL, router alert
        var frame = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10", options: options).Tcp(1, 80).Build();
        var p = FrameParser.Parse(frame);
        Assert.Equal(0x47, frame[14]);
        Assert.Equal(28, p.IPv4HeaderLength);
        Assert.Equal(14 + 28, p.L4Offset);
        Assert.Equal(options, frame[34..42]);
        Assert.True(Checksums.Verify(frame).AllValid);
    }

    [Fact]
    public void IPv4_OptionsNotMultipleOfFour_ThrowsNamingTheLength()
    {
        var e = Assert.Throws<ArgumentException>(() => Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10", options: [1, 1, 1]));
        Assert.Contains("got 3", e.Message);
    }

    [Fact]
    public void Build_VlanTag_ParserSeesIdAndInnerEtherType()
    {
        var frame = Frame.Ethernet(Client, Lb).Vlan(100).IPv4("198.51.100.7", "203.0.113.10").Udp(5, 53).Build();
        var p = FrameParser.Parse(frame);
        Assert.Equal(new byte[] { 0x81, 0x00, 0x00, 0x64, 0x08, 0x00 }, frame[12..18]);
        Assert.Equal([100], p.VlanIds);
        Assert.Equal(EtherTypes.IPv4, p.EtherType);
        Assert.Equal(18, p.L3Offset);
        Assert.True(Checksums.Verify(frame).AllValid);
    }

    [Fact]
    public void Build_IPv6HopByHopThenTcp_ParserWalksTheExtension()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv6("2001:db8:1::7", "2001:db8:3::10").HopByHop().Tcp(40000, 80, payload: Hello).Build();
        var p = FrameParser.Parse(frame);
        Assert.Equal(0, frame[14 + 6]); // next header: hop-by-hop
        Assert.Equal(IpProtocols.Tcp, frame[14 + 40]);
        Assert.Equal(8 + 20 + Hello.Length, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(18)));
        Assert.Equal([IpProtocols.HopByHop], p.ExtensionHeaders);
        Assert.Equal(14 + 48, p.L4Offset);
        Assert.Equal((IpProtocols.Tcp, (ushort)80), (p.Protocol, p.DestinationPort));
        Assert.Single(Checksums.Verify(frame).Results);
    }

    [Fact]
    public void Build_IPv6Fragment_MarksFragment()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv6("2001:db8:1::7", "2001:db8:3::10").Fragment().Udp(1, 53).Build();
        var p = FrameParser.Parse(frame);
        Assert.True(p.IsFragment);
        Assert.Equal([IpProtocols.Fragment], p.ExtensionHeaders);
    }

    [Fact]
    public void HopByHop_AfterIPv4_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10").HopByHop());
    }

    [Fact]
    public void Build_TcpDirectlyAfterEthernet_ThrowsNamingBothLayers()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Frame.Ethernet(Client, Lb).Tcp(1, 2).Build());
        Assert.Contains("TcpLayer cannot follow EthernetLayer", e.Message);
    }

    [Fact]
    public void Build_IPv4Fragment_SetsMfAndOffset()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10", moreFragments: true, fragmentOffset: 3)
            .IpPayload(IpProtocols.Tcp, new byte[16]).Build();
        Assert.Equal(0x2003, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(20)));
        Assert.True(FrameParser.Parse(frame).IsFragment);
        Assert.Single(Checksums.Verify(frame).Results); // only the IP header: the L4 sum spans fragments
    }

    [Fact]
    public void Build_Arp_IsNotIp()
    {
        var frame = Frame.Ethernet(Client, MacAddress.Broadcast)
            .Arp(1, Client, IPAddress.Parse("198.51.100.7"), default, IPAddress.Parse("203.0.113.10")).Build();
        var p = FrameParser.Parse(frame);
        Assert.Equal(42, frame.Length);
        Assert.Equal((EtherTypes.Arp, 0), (p.EtherType, p.IpVersion));
    }

    [Fact]
    public void Build_IcmpEchoToIPv4AndIPv6_ChecksumsValid()
    {
        var v4 = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10").Icmp(payload: Hello).Build();
        var v6 = Frame.Ethernet(Client, Lb).IPv6("2001:db8:1::7", "2001:db8:3::10").Icmp(payload: Hello).Build();
        Assert.Equal("ICMP", Checksums.Verify(v4).Results[1].Field);
        Assert.Equal("ICMPv6", Checksums.Verify(v6).Results[0].Field);
        Assert.Equal(IpProtocols.Icmpv6, v6[14 + 6]);
    }

    [Fact]
    public void Verify_PayloadByteFlipped_ReportsTheTcpChecksum()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10").Tcp(1, 80, payload: Hello).Build();
        frame[^1] ^= 0xff;
        var e = Assert.Throws<FrameFormatException>(() => Checksums.Verify(frame));
        Assert.StartsWith("bad checksum: TCP checksum", e.Message);
        Assert.DoesNotContain("IPv4", e.Message);
    }

    [Fact]
    public void Verify_TtlChangedWithoutChecksumUpdate_ReportsTheIPv4Header()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10").Udp(1, 53, Hello).Build();
        frame[22]--;
        var e = Assert.Throws<FrameFormatException>(() => Checksums.Verify(frame));
        Assert.Contains("IPv4 header checksum", e.Message);
    }

    [Fact]
    public void Verify_UdpIPv6_DetectsAddressChange()
    {
        var frame = Frame.Ethernet(Client, Lb).IPv6("2001:db8:1::7", "2001:db8:3::10").Udp(1, 53, Hello).Build();
        Assert.True(Checksums.Verify(frame).AllValid);
        frame[14 + 39] ^= 1; // last byte of the destination: the pseudo-header no longer matches
        Assert.False(Checksums.Check(frame).AllValid);
    }

    [Fact]
    public void Corruption_EachHelper_ChangesOnlyItsField()
    {
        var tcp = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10").Tcp(1, 80).Build();
        var udp = Frame.Ethernet(Client, Lb).IPv6("2001:db8:1::7", "2001:db8:3::10").Udp(1, 53).Build();
        Assert.Equal(13, FrameCorruption.Truncate(tcp, 13).Length);
        AssertOnlyDiff(tcp, FrameCorruption.SetIhl(tcp, 4), 14, 0x44);
        AssertOnlyDiff(tcp, FrameCorruption.SetTcpDataOffset(tcp, 4), 14 + 20 + 12, 0x40);
        var totLen = FrameCorruption.SetTotalLength(tcp, 0x1234);
        Assert.Equal(0x1234, BinaryPrimitives.ReadUInt16BigEndian(totLen.AsSpan(16)));
        var udpLen = FrameCorruption.SetUdpLength(udp, 7);
        Assert.Equal(7, BinaryPrimitives.ReadUInt16BigEndian(udpLen.AsSpan(14 + 40 + 4)));
        var payloadLen = FrameCorruption.SetPayloadLength(udp, 999);
        Assert.Equal(999, BinaryPrimitives.ReadUInt16BigEndian(payloadLen.AsSpan(18)));
    }

    [Fact]
    public void Corruption_UdpLengthOnTcpFrame_ThrowsNamingTheField()
    {
        var tcp = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10").Tcp(1, 80).Build();
        var e = Assert.Throws<ArgumentException>(() => FrameCorruption.SetUdpLength(tcp, 7));
        Assert.Equal("cannot set len: the frame has no UDP header", e.Message);
    }

    [Fact]
    public void Parse_TruncatedTcp_ThrowsNamingTheHeader()
    {
        var tcp = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.10").Tcp(1, 80).Build();
        var cut = FrameCorruption.Truncate(FrameCorruption.SetTotalLength(tcp, 36), 50);
        var e = Assert.Throws<FrameFormatException>(() => FrameParser.Parse(cut));
        Assert.Equal("TCP header needs bytes 34..54 but the frame ends at 50", e.Message);
    }

    [Fact]
    public void MacAddress_ParseAndFormat_RoundTrips()
    {
        Assert.Equal("02:00:0a:ff:00:01", MacAddress.Parse("02-00-0A-FF-00-01").ToString());
        Assert.Throws<FormatException>(() => MacAddress.Parse("02:00:00:00:00"));
        Assert.Throws<FormatException>(() => MacAddress.Parse("02:00:00:00:00:zz"));
    }

    private static void AssertOnlyDiff(byte[] before, byte[] after, int offset, byte value)
    {
        Assert.Equal(value, after[offset]);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(1, before.Zip(after).Count(p => p.First != p.Second));
    }

    // Values read off `tcpdump -vv -r` on these frames (it reports "cksum 0x.... (correct)").
    private const ushort KnownTcp4Checksum = 0x0cb6;
    private const ushort KnownTcp4IpChecksum = 0x147e;
    private const ushort KnownUdp6Checksum = 0x6b7d;
}
