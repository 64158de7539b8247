// icmp: an echo request on a raw socket (ICMP or ICMPv6); up when the matching reply comes back.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FastLb.Wire;

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
        var payload = new byte[PayloadLength];
        Random.Shared.NextBytes(payload);
        var request = Segment.IcmpEchoRequest(v6, id, seq, payload);
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
                ReadOnlySpan<byte> icmp = buffer.AsSpan(0, received.ReceivedBytes);
                if (!v6 && !IPv4Packet.TryGetPayload(icmp, out icmp))
                {
                    continue;
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
            return ProbeErrors.Fail(e, start);
        }
    }

    private static Match Classify(ReadOnlySpan<byte> icmp, bool v6, ushort id, ushort seq, IPAddress from, IPAddress target)
    {
        if (icmp.Length < 8)
        {
            return Match.None;
        }
        var type = icmp[0];
        if (type == IcmpFamily.For(v6).EchoReply)
        {
            return from.Equals(target) && IsOurEcho(icmp, id, seq) ? Match.Reply : Match.None;
        }
        if (type == IcmpFamily.For(v6).DestinationUnreachable)
        {
            // An error quotes our request: the inner IP header, then the echo header.
            var inner = icmp[8..];
            if (v6)
            {
                return inner.Length >= 48 && inner[6] == IpProtocols.Icmpv6 && IsOurEcho(inner[40..], id, seq) ? Match.Unreachable : Match.None;
            }
            return inner.Length >= 20 && inner[9] == IpProtocols.Icmp && IPv4Packet.TryGetPayload(inner, out var quoted) && IsOurEcho(quoted, id, seq)
                ? Match.Unreachable
                : Match.None;
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
