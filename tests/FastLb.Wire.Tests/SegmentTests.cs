using System.Net;
using FastLb.Wire;
using Xunit;

namespace FastLb.Wire.Tests;

/// <summary>Bare L4 messages for raw sockets (what the health probes send) and the readers for what comes back.</summary>
public sealed class SegmentTests
{
    [Theory]
    [InlineData("192.0.2.1", "192.0.2.2")]
    [InlineData("2001:db8::1", "2001:db8::2")]
    public void Tcp_SynWithMss_ChecksumVerifiesToZeroOnlyWithRightAddresses(string src, string dst)
    {
        var s = IPAddress.Parse(src);
        var d = IPAddress.Parse(dst);
        var syn = Segment.Tcp(s, 40000, d, 80, TcpFlags.Syn, 0x01020304, 0, 64240, Segment.MssOption(1460));
        Assert.Equal(24, syn.Length);
        Assert.Equal(0x60, syn[12]); // data offset 6 words (MSS option)
        Assert.Equal((byte)TcpFlags.Syn, syn[13]);
        Assert.Equal([2, 4, 0x05, 0xb4], syn[20..24]);
        // Summing a segment with its stored checksum over the same pseudo-header gives zero.
        Assert.Equal(0, Checksums.Transport(s, d, IpProtocols.Tcp, syn));
        Assert.NotEqual(0, Checksums.Transport(s, IPAddress.Parse(dst.Replace("2", "3")), IpProtocols.Tcp, syn));
    }

    [Fact]
    public void Tcp_SameSegmentAsFrameBuilder_ByteForByte()
    {
        var frame = Frame.Ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").IPv4("192.0.2.1", "192.0.2.2")
            .Tcp(40000, 80, TcpFlags.Rst, seq: 77, ack: 0, window: 0).Build();
        var segment = Segment.Tcp(IPAddress.Parse("192.0.2.1"), 40000, IPAddress.Parse("192.0.2.2"), 80, TcpFlags.Rst, 77, 0, 0);
        Assert.Equal(frame[34..], segment);
    }

    [Fact]
    public void TcpHeader_TryRead_ReadsEveryField()
    {
        var segment = Segment.Tcp(IPAddress.Parse("192.0.2.1"), 8080, IPAddress.Parse("192.0.2.2"), 40000, TcpFlags.Syn | TcpFlags.Ack, 10, 0x01020305, 1000, Segment.MssOption(1460));
        Assert.True(TcpHeader.TryRead(segment, out var h));
        Assert.Equal(new TcpHeader(8080, 40000, 10, 0x01020305, TcpFlags.Syn | TcpFlags.Ack, 24, 1000), h);
        Assert.True(h.Has(TcpFlags.Syn | TcpFlags.Ack));
        Assert.False(h.Has(TcpFlags.Rst));
        Assert.Equal("8080>40000 [SA] seq=10 ack=16909061", h.ToString());
    }

    [Fact]
    public void TcpHeader_TryRead_ShortOrBadOffset_False()
    {
        Assert.False(TcpHeader.TryRead(new byte[19], out _));
        var segment = new byte[20];
        segment[12] = 0x40; // 4 words: below the minimum
        Assert.False(TcpHeader.TryRead(segment, out _));
        segment[12] = 0x60; // 6 words: beyond the 20 bytes there are
        Assert.False(TcpHeader.TryRead(segment, out _));
        segment[12] = 0x50;
        Assert.True(TcpHeader.TryRead(segment, out _));
    }

    [Fact]
    public void IcmpEchoRequest_V4_ChecksummedAndV6_LeftForTheKernel()
    {
        var v4 = Segment.IcmpEchoRequest(false, 0xbeef, 7, [1, 2, 3]);
        Assert.Equal([8, 0], v4[..2]);
        Assert.Equal([0xbe, 0xef, 0, 7, 1, 2, 3], v4[4..]);
        Assert.Equal(0, Checksums.Internet(v4));
        var v6 = Segment.IcmpEchoRequest(true, 0xbeef, 7);
        Assert.Equal([128, 0, 0, 0, 0xbe, 0xef, 0, 7], v6);
    }

    [Fact]
    public void IPv4Packet_TryGetPayload_HonoursOptionsAndRefusesNonIPv4()
    {
        var frame = Frame.Ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").IPv4("192.0.2.1", "192.0.2.2", options: [1, 1, 1, 0])
            .Udp(1, 2, [9]).Build();
        Assert.True(IPv4Packet.TryGetPayload(frame.AsSpan(14), out var payload));
        Assert.Equal(9, payload.Length); // 8-byte UDP header and one byte after the 24-byte IP header
        Assert.False(IPv4Packet.TryGetPayload(frame.AsSpan(14, 19), out _));
        var v6 = Frame.Ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").IPv6("2001:db8::1", "2001:db8::2").Udp(1, 2).Build();
        Assert.False(IPv4Packet.TryGetPayload(v6.AsSpan(14), out _));
    }
}
