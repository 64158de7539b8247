// dns: a real query over UDP; up on rcode 0 with at least one answer.
using System.Diagnostics;
using System.Net.Sockets;

namespace FastLb.Health.Probes;

public sealed class DnsProbe : IHealthProbe
{
    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var name = target.Check.DnsName ?? throw new ArgumentException($"dns check on {target} has no DnsName", nameof(target));
        var id = (ushort)Random.Shared.Next(0x10000);
        var query = DnsMessage.Query(id, name, DnsMessage.TypeCode(target.Check.DnsType));
        try
        {
            using var socket = await ProbeSockets.ConnectAsync(target, SocketType.Dgram, ProtocolType.Udp, ct).ConfigureAwait(false);
            await socket.SendAsync(query, SocketFlags.None, ct).ConfigureAwait(false);
            var buffer = new byte[4096];
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                // A reply to an older query or garbage is skipped; the timeout bounds the wait.
                if (!DnsMessage.TryReadHeader(buffer.AsSpan(0, n), out var header) || header.Id != id)
                {
                    continue;
                }
                if (header.Rcode != 0)
                {
                    return ProbeResult.Fail(ProbeReasons.DnsRcode(header.Rcode), Stopwatch.GetElapsedTime(start));
                }
                return header.AnswerCount > 0
                    ? ProbeResult.Ok(Stopwatch.GetElapsedTime(start))
                    : ProbeResult.Fail(ProbeReasons.DnsNoAnswer, Stopwatch.GetElapsedTime(start));
            }
        }
        catch (SocketException e)
        {
            return ProbeErrors.Fail(e, start);
        }
    }
}
