// tcp: a full connect to the check port, then close.
using System.Diagnostics;
using System.Net.Sockets;

namespace FastLb.Health.Probes;

public sealed class TcpConnectProbe : IHealthProbe
{
    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        using var socket = ProbeSockets.Create(target, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(target.EndPoint, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return ProbeResult.Fail(ProbeErrors.ReasonFor(e.SocketErrorCode), Stopwatch.GetElapsedTime(start));
        }
        // Linger 0 would send RST; a normal close lets the real see an orderly FIN.
        socket.Shutdown(SocketShutdown.Both);
        return ProbeResult.Ok(Stopwatch.GetElapsedTime(start));
    }
}
