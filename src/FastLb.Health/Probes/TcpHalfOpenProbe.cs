// tcp-half-open: SYN, expect SYN-ACK, answer RST on raw sockets, so the real's application never sees a connection.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FastLb.Wire;

namespace FastLb.Health.Probes;

public sealed class TcpHalfOpenProbe : IHealthProbe
{
    private const ushort Window = 64240;

    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var v6 = target.Address.AddressFamily == AddressFamily.InterNetworkV6;
        var local = ProbeSockets.LocalAddressFor(target);

        // A bound (never listening) TCP socket reserves the source port, so no real connection of
        // this host can use it meanwhile. The kernel itself answers the SYN-ACK to it with a RST.
        using var reservation = ProbeSockets.Create(target with { Source = local }, SocketType.Stream, ProtocolType.Tcp);
        var localPort = (ushort)((IPEndPoint)reservation.LocalEndPoint!).Port;

        using var raw = ProbeSockets.Create(target with { Source = null }, SocketType.Raw, ProtocolType.Tcp);
        raw.Bind(new IPEndPoint(local, 0));

        var isn = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        var mss = Segment.MssOption(v6 ? (ushort)1440 : (ushort)1460);
        var syn = Segment.Tcp(local, localPort, target.Address, target.Port, TcpFlags.Syn, isn, 0, Window, mss);
        var to = new IPEndPoint(target.Address, 0);
        try
        {
            await raw.SendToAsync(syn, SocketFlags.None, to, ct).ConfigureAwait(false);
            var buffer = new byte[1500];
            EndPoint any = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (true)
            {
                // The raw socket sees every TCP segment of the namespace: keep only the answer to our SYN.
                var received = await raw.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
                if (!((IPEndPoint)received.RemoteEndPoint).Address.Equals(target.Address))
                {
                    continue;
                }
                ReadOnlySpan<byte> segment = buffer.AsSpan(0, received.ReceivedBytes);
                // IPv4 raw sockets deliver the IP header too; IPv6 ones do not.
                if (!v6 && !IPv4Packet.TryGetPayload(segment, out segment))
                {
                    continue;
                }
                if (!TcpHeader.TryRead(segment, out var tcp)
                    || tcp.SourcePort != target.Port
                    || tcp.DestinationPort != localPort
                    || !tcp.Has(TcpFlags.Ack)
                    || tcp.Ack != isn + 1)
                {
                    continue;
                }
                if (tcp.Has(TcpFlags.Rst))
                {
                    return ProbeResult.Fail(ProbeReasons.Refused, Stopwatch.GetElapsedTime(start));
                }
                if (tcp.Has(TcpFlags.Syn))
                {
                    // RST with seq = the SYN-ACK's ack and no ACK flag: the handshake is abandoned.
                    var rst = Segment.Tcp(local, localPort, target.Address, target.Port, TcpFlags.Rst, tcp.Ack, 0, 0);
                    await raw.SendToAsync(rst, SocketFlags.None, to, ct).ConfigureAwait(false);
                    return ProbeResult.Ok(Stopwatch.GetElapsedTime(start));
                }
            }
        }
        catch (SocketException e)
        {
            return ProbeErrors.Fail(e, start);
        }
    }
}
