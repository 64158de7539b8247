// tcp: a full connect to the check port, then close.
using System.Diagnostics;
using System.Net.Sockets;

namespace FastLb.Health.Probes;

public sealed class TcpConnectProbe : IHealthProbe
{
    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var socket = await ProbeSockets.ConnectAsync(target, SocketType.Stream, ProtocolType.Tcp, ct).ConfigureAwait(false);
            // Linger 0 would send RST; a normal close lets the real see an orderly FIN.
            socket.Shutdown(SocketShutdown.Both);
            return ProbeResult.Ok(Stopwatch.GetElapsedTime(start));
        }
        catch (SocketException e)
        {
            return ProbeErrors.Fail(e, start);
        }
    }
}
