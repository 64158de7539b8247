// The bytes the probes put on the wire: TCP checksums with pseudo-headers, DNS queries, and bad input.
using System.Net;
using FastLb.Health.Probes;
using Xunit;

namespace FastLb.Health.Tests.Probes;

public sealed class WireFormatTests
{
    [Theory]
    [InlineData("192.0.2.1", "192.0.2.2")]
    [InlineData("2001:db8::1", "2001:db8::2")]
    public void Build_Syn_ChecksumVerifiesToZeroOnlyWithRightAddresses(string src, string dst)
    {
        var s = IPAddress.Parse(src);
        var d = IPAddress.Parse(dst);
        var syn = TcpSegment.Build(s, 40000, d, 80, 0x01020304, 0, TcpSegment.Syn, 64240);
        Assert.Equal(24, syn.Length);
        Assert.Equal(0x60, syn[12]); // data offset 6 words (MSS option)
        Assert.Equal(TcpSegment.Syn, syn[13]);
        // Summing a segment with its stored checksum over the same pseudo-header gives zero.
        Assert.Equal(0, InternetChecksum.WithPseudoHeader(s, d, 6, syn));
        Assert.NotEqual(0, InternetChecksum.WithPseudoHeader(s, IPAddress.Parse(dst.Replace("2", "3")), 6, syn));
    }

    [Fact]
    public void Compute_Rfc1071Example_MatchesKnownSum()
    {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its complement.
        Assert.Equal((ushort)0x220d, InternetChecksum.Compute([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]));
    }

    [Fact]
    public void TryRead_ShortSegment_False()
    {
        Assert.False(TcpSegment.TryRead(new byte[19], out _));
    }

    [Fact]
    public void Query_Name_EncodesLabelsTypeAndClass()
    {
        var q = DnsMessage.Query(0xBEEF, "a.example.", DnsMessage.TypeCode("AAAA"));
        byte[] expected = [0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 7, .. "example"u8.ToArray(), 0, 0, 28, 0, 1];
        Assert.Equal(expected, q);
    }

    [Fact]
    public void Query_LabelOver63Bytes_ThrowsNamingIt()
    {
        var label = new string('x', 64);
        var e = Assert.Throws<ArgumentException>(() => DnsMessage.Query(1, label + ".test", 1));
        Assert.Contains(label, e.Message);
    }

    [Fact]
    public void TypeCode_Unknown_ThrowsNamingIt()
    {
        Assert.Equal(65, DnsMessage.TypeCode("TYPE65"));
        var e = Assert.Throws<ArgumentException>(() => DnsMessage.TypeCode("BOGUS"));
        Assert.Contains("BOGUS", e.Message);
    }

    [Fact]
    public void TryReadHeader_QueryNotResponse_False()
    {
        var q = DnsMessage.Query(7, "x.test", 1);
        Assert.False(DnsMessage.TryReadHeader(q, out _));
        Assert.False(DnsMessage.TryReadHeader(new byte[11], out _));
    }
}
