using System.Globalization;
using System.Net;
using FastLb.Wire;

// Beside the lab types it observes, though only tests carry it: the fastlb binary ships no capture.
namespace FastLb.Lab;

/// <summary>
/// One Ethernet frame from a capture, decoded far enough to say who sent it where: MACs
/// (lower-case "02:00:00:00:00:11"), EtherType, and for IPv4/IPv6 the addresses, protocol,
/// and for TCP/UDP the ports (TCP flags, sequence and acknowledgement numbers too). Fields a
/// frame does not have are null.
/// </summary>
public sealed record CapturedPacket(
    string SrcMac,
    string DstMac,
    ushort EtherType,
    IPAddress? SrcIp,
    IPAddress? DstIp,
    byte? Protocol,
    int? SrcPort,
    int? DstPort,
    byte? TcpFlags,
    int Length)
{
    public const byte TcpFin = (byte)Wire.TcpFlags.Fin;
    public const byte TcpSyn = (byte)Wire.TcpFlags.Syn;
    public const byte TcpRst = (byte)Wire.TcpFlags.Rst;
    public const byte TcpAck = (byte)Wire.TcpFlags.Ack;

    /// <summary>The TCP header, for TCP segments.</summary>
    public TcpHeader? Tcp { get; init; }

    /// <summary>Decodes one Ethernet frame with the wire library's parser; a frame it cannot read
    /// keeps what it could (MACs and EtherType, or nothing at all).</summary>
    public static CapturedPacket Parse(ReadOnlySpan<byte> frame, int originalLength)
    {
        if (frame.Length < 14)
        {
            return new CapturedPacket("", "", 0, null, null, null, null, null, null, originalLength);
        }
        ParsedFrame parsed;
        try
        {
            parsed = FrameParser.Parse(frame);
        }
        catch (FrameFormatException)
        {
            var etherType = (ushort)(frame[12] << 8 | frame[13]);
            return new CapturedPacket(MacAddress.Read(frame[6..]).ToString(), MacAddress.Read(frame).ToString(), etherType, null, null, null, null, null, null, originalLength);
        }
        var ports = parsed.Protocol is IpProtocols.Tcp or IpProtocols.Udp && parsed.L4Offset >= 0;
        return new CapturedPacket(
            parsed.SourceMac.ToString(),
            parsed.DestinationMac.ToString(),
            parsed.EtherType,
            parsed.Source,
            parsed.Destination,
            parsed.IpVersion == 0 ? null : parsed.Protocol,
            ports ? parsed.SourcePort : null,
            ports ? parsed.DestinationPort : null,
            parsed.Tcp is { } t ? (byte)t.Flags : null,
            originalLength)
        {
            Tcp = parsed.Tcp,
        };
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{SrcMac}>{DstMac} {SrcIp}:{SrcPort}>{DstIp}:{DstPort} proto {Protocol} {Tcp}");
}
