// udp: send a datagram, expect a reply (starting with the configured bytes when set).
using System.Diagnostics;
using System.Net.Sockets;

namespace FastLb.Health.Probes;

public sealed class UdpProbe : IHealthProbe
{
    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            // Connected, so an ICMP port unreachable surfaces as "refused" and strangers are filtered.
            using var socket = await ProbeSockets.ConnectAsync(target, SocketType.Dgram, ProtocolType.Udp, ct).ConfigureAwait(false);
            await socket.SendAsync(target.Check.Send ?? [], SocketFlags.None, ct).ConfigureAwait(false);
            var buffer = new byte[65535];
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            var expect = target.Check.Expect;
            if (expect is not null && !buffer.AsSpan(0, n).StartsWith(expect))
            {
                return ProbeResult.Fail(ProbeReasons.ReplyMismatch, Stopwatch.GetElapsedTime(start));
            }
            return ProbeResult.Ok(Stopwatch.GetElapsedTime(start));
        }
        catch (SocketException e)
        {
            return ProbeErrors.Fail(e, start);
        }
    }
}
