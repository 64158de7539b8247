// The DNS queries the dns probe puts on the wire, and bad input (TCP and ICMP bytes are tested with the wire library).
using FastLb.Health.Probes;

namespace FastLb.Health.Tests.Probes;

public sealed class DnsMessageTests
{
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
