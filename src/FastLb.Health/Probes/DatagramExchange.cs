// The exchange the udp and dns checks share: one request on a connected UDP socket, replies read
// until one decides; the check's timeout (the token) bounds the wait.
using System.Diagnostics;
using System.Net.Sockets;

namespace FastLb.Health.Probes;

/// <summary>
/// Judges one reply: false if it does not answer this request (an older query's reply, garbage),
/// so the next is read; true once decided, with <paramref name="failure"/> null for up.
/// </summary>
internal delegate bool ReplyJudge(ReadOnlySpan<byte> reply, out string? failure);

internal static class DatagramExchange
{
    public static async Task<ProbeResult> RunAsync(CheckTarget target, ReadOnlyMemory<byte> request, int maxReply, ReplyJudge judge, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            // Connected, so an ICMP port unreachable surfaces as "refused" and strangers are filtered.
            using var socket = await ProbeSockets.ConnectAsync(target, SocketType.Dgram, ProtocolType.Udp, ct).ConfigureAwait(false);
            await socket.SendAsync(request, SocketFlags.None, ct).ConfigureAwait(false);
            var buffer = new byte[maxReply];
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                if (judge(buffer.AsSpan(0, n), out var failure))
                {
                    var elapsed = Stopwatch.GetElapsedTime(start);
                    return failure is null ? ProbeResult.Ok(elapsed) : ProbeResult.Fail(failure, elapsed);
                }
            }
        }
        catch (SocketException e)
        {
            return ProbeErrors.Fail(e, start);
        }
    }
}
