using System.Net;
using FastLb.Lab;
using Xunit;

namespace FastLb.LabTests;

/// <summary>Decoding of the pcap stream tcpdump writes, on hand-made bytes.</summary>
public sealed class PcapParsingTests
{
    [Fact]
    public void ParsePcap_OneTcpFrame_DecodesMacsAddressesPortsAndFlags()
    {
        byte[] header = [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0];
        byte[] frame =
        [
            0x02, 0, 0, 0, 0, 0x10, 0x02, 0, 0, 0, 0, 0x11, 0x08, 0x00,
            0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 11, 198, 51, 100, 10,
            0, 80, 0x9c, 0x40, 0, 0, 0, 1, 0, 0, 0, 2, 0x50, 0x12, 0xff, 0xff, 0, 0, 0, 0,
        ];
        byte[] record = [0, 0, 0, 0, 0, 0, 0, 0, (byte)frame.Length, 0, 0, 0, (byte)frame.Length, 0, 0, 0];
        // A truncated second record must be ignored, not misread.
        byte[] pcap = [.. header, .. record, .. frame, .. record[..10]];

        var packets = PacketCapture.ParsePcap(pcap);

        var p = Assert.Single(packets);
        Assert.Equal(new CapturedPacket("02:00:00:00:00:11", "02:00:00:00:00:10", 0x0800, IPAddress.Parse("192.0.2.11"), IPAddress.Parse("198.51.100.10"), 6, 80, 40000, 0x12, frame.Length), p);
    }

    [Fact]
    public void ParsePcap_NotPcap_ThrowsNamingMagic()
    {
        var error = Assert.Throws<LabException>(() => PacketCapture.ParsePcap(new byte[24]));

        Assert.Contains("magic 0x00000000", error.Message, StringComparison.Ordinal);
    }
}
