// http, https and http-content: one HTTP/1.1 request on a fresh connection made in the target's namespace.
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using FastLb.Health.Http;

namespace FastLb.Health.Probes;

/// <summary>
/// A request encoded once per target, written over a plain socket (or TLS over it), and a bounded
/// read of the answer: the status line decides, and for content checks the body prefix too. No
/// HTTP client pipeline, handler or connection pool: each check is connect, write, read, close.
/// </summary>
public sealed class HttpProbe : IHealthProbe
{
    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var prepared = PreparedHttpTarget.For(target);
        using var socket = ProbeSockets.Create(target, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(prepared.EndPoint, ct).ConfigureAwait(false);
            string reason;
            if (prepared.Tls is { } tls)
            {
                var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
                await using (ssl.ConfigureAwait(false))
                {
                    await ssl.AuthenticateAsClientAsync(tls, ct).ConfigureAwait(false);
                    await ssl.WriteAsync(prepared.Request, ct).ConfigureAwait(false);
                    reason = await HttpResponseReader.JudgeAsync(socket, ssl, prepared, target, ct).ConfigureAwait(false);
                }
            }
            else
            {
                await SendAllAsync(socket, prepared.Request, ct).ConfigureAwait(false);
                reason = await HttpResponseReader.JudgeAsync(socket, null, prepared, target, ct).ConfigureAwait(false);
            }
            return reason == ProbeReasons.Ok
                ? ProbeResult.Ok(Stopwatch.GetElapsedTime(start))
                : ProbeResult.Fail(reason, Stopwatch.GetElapsedTime(start));
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
        {
            return ProbeResult.Fail(ProbeErrors.ReasonFor(e), Stopwatch.GetElapsedTime(start));
        }
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> request, CancellationToken ct)
    {
        while (!request.IsEmpty)
        {
            var n = await socket.SendAsync(request, SocketFlags.None, ct).ConfigureAwait(false);
            request = request[n..];
        }
    }
}
