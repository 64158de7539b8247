// icmp: an echo request on a raw socket (ICMP or ICMPv6); up when the matching reply comes back.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FastLb.Health.Probes;

public sealed class IcmpProbe : IHealthProbe
{
    private const int PayloadLength = 16;
    private static int _sequence;

    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var v6 = target.Address.AddressFamily == AddressFamily.InterNetworkV6;
        using var socket = ProbeSockets.Create(target, SocketType.Raw, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        var id = (ushort)Random.Shared.Next(0x10000);
        var seq = (ushort)Interlocked.Increment(ref _sequence);
        var request = new byte[8 + PayloadLength];
        request[0] = v6 ? (byte)128 : (byte)8; // echo request
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(6), seq);
        Random.Shared.NextBytes(request.AsSpan(8));
        if (!v6)
        {
            // The kernel fills the ICMPv6 checksum itself (it needs the pseudo-header), not ICMPv4's.
            BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(2), InternetChecksum.Compute(request));
        }
        try
        {
            await socket.SendToAsync(request, SocketFlags.None, new IPEndPoint(target.Address, 0), ct).ConfigureAwait(false);
            var buffer = new byte[1500];
            EndPoint any = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (true)
            {
                // A raw socket sees every ICMP packet of its namespace: keep only ours.
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
                var from = ((IPEndPoint)received.RemoteEndPoint).Address;
                var icmp = buffer.AsSpan(0, received.ReceivedBytes);
                if (!v6)
                {
                    if (icmp.Length < 20)
                    {
                        continue;
                    }
                    icmp = icmp[((icmp[0] & 0xF) * 4)..];
                }
                switch (Classify(icmp, v6, id, seq, from, target.Address))
                {
                    case Match.Reply:
                        return ProbeResult.Ok(Stopwatch.GetElapsedTime(start));
                    case Match.Unreachable:
                        return ProbeResult.Fail(ProbeReasons.Unreachable, Stopwatch.GetElapsedTime(start));
                }
            }
        }
        catch (SocketException e)
        {
            return ProbeResult.Fail(ProbeErrors.ReasonFor(e.SocketErrorCode), Stopwatch.GetElapsedTime(start));
        }
    }

    private static Match Classify(ReadOnlySpan<byte> icmp, bool v6, ushort id, ushort seq, IPAddress from, IPAddress target)
    {
        if (icmp.Length < 8)
        {
            return Match.None;
        }
        var type = icmp[0];
        if (type == (v6 ? 129 : 0))
        {
            return from.Equals(target) && IsOurEcho(icmp, id, seq) ? Match.Reply : Match.None;
        }
        if (type == (v6 ? 1 : 3))
        {
            // An error quotes our request: the inner IP header, then the echo header.
            var inner = icmp[8..];
            if (v6)
            {
                return inner.Length >= 48 && inner[6] == 58 && IsOurEcho(inner[40..], id, seq) ? Match.Unreachable : Match.None;
            }
            if (inner.Length < 20 || inner[9] != 1)
            {
                return Match.None;
            }
            var quoted = inner[((inner[0] & 0xF) * 4)..];
            return IsOurEcho(quoted, id, seq) ? Match.Unreachable : Match.None;
        }
        return Match.None;
    }

    private static bool IsOurEcho(ReadOnlySpan<byte> icmp, ushort id, ushort seq) =>
        icmp.Length >= 8
        && BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) == id
        && BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]) == seq;

    private enum Match
    {
        None,
        Reply,
        Unreachable,
    }
}
