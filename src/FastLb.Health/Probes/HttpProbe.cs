// http, https and http-content: one HTTP/1.1 request, on the check loop (http) or over TLS (https).
using System.Buffers;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using FastLb.Health.Http;
using FastLb.Health.Loop;
using FastLb.Model;

namespace FastLb.Health.Probes;

/// <summary>
/// A request encoded once per target and a bounded read of the answer: the status line decides,
/// and for content checks the body prefix too. Plain http runs on the <see cref="CheckLoop"/>,
/// keeping the connection between checks unless the check says reuse-connection: false. https
/// opens a connection per check (TLS over a socket of the target's namespace) and reads the answer
/// with the same parser. https stays on a task: SslStream needs a stream it can await, and driving
/// TLS from the loop's non-blocking sockets would mean a TLS engine of our own; each check's
/// handshake (key exchange and certificate check) costs far more than the task around it.
/// </summary>
public sealed class HttpProbe : IHealthProbe, IDirectProbe
{
    public Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        if (target.Check.Type == CheckType.Https)
        {
            return TlsAsync(target, ct);
        }
        return CheckLoop.Shared.RunAsync(target);
    }

    bool IDirectProbe.TryStart(CheckTarget target, IProbeCompletion done)
    {
        if (target.Check.Type == CheckType.Https)
        {
            return false;
        }
        CheckLoop.Shared.Start(LoopTarget.For(target), done);
        return true;
    }

    private static async Task<ProbeResult> TlsAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var prepared = PreparedHttpTarget.For(target);
        using var socket = ProbeSockets.Create(target, SocketType.Stream, ProtocolType.Tcp);
        var parser = new HttpResponseParser();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await socket.ConnectAsync(prepared.EndPoint, ct).ConfigureAwait(false);
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
            await using (ssl.ConfigureAwait(false))
            {
                await ssl.AuthenticateAsClientAsync(prepared.Tls!, ct).ConfigureAwait(false);
                await ssl.WriteAsync(prepared.Request, ct).ConfigureAwait(false);
                parser.Reset(prepared, keep: false);
                while (!parser.Finished)
                {
                    var n = await ssl.ReadAsync(buffer, ct).ConfigureAwait(false);
                    if (n == 0)
                    {
                        parser.Closed();
                        break;
                    }
                    parser.Feed(buffer.AsSpan(0, n));
                }
            }
            var reason = parser.Verdict ?? ProbeReasons.Closed;
            return reason == ProbeReasons.Ok
                ? ProbeResult.Ok(Stopwatch.GetElapsedTime(start))
                : ProbeResult.Fail(reason, Stopwatch.GetElapsedTime(start));
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
        {
            return ProbeResult.Fail(ProbeErrors.ReasonFor(e), Stopwatch.GetElapsedTime(start));
        }
        finally
        {
            parser.Release();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
