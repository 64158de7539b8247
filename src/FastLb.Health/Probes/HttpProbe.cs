// http, https and http-content: one request on a fresh connection made in the target's namespace.
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using FastLb.Model;

namespace FastLb.Health.Probes;

public sealed class HttpProbe : IHealthProbe
{
    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var check = target.Check;
        var tls = check.Type == CheckType.Https;
        using var handler = CreateHandler(target, tls);
        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        // Built as text: UriBuilder.Path would escape the query's '?'.
        var host = target.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address.ToString();
        var path = check.Path.StartsWith('/') ? check.Path : "/" + check.Path;
        var uri = new Uri($"{(tls ? "https" : "http")}://{host}:{target.Port}{path}");
        using var request = new HttpRequestMessage(new HttpMethod(check.Method), uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (check.Host is not null)
        {
            request.Headers.Host = check.Host;
        }
        foreach (var (name, value) in check.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        request.Headers.ConnectionClose = true;

        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!check.ExpectStatus.Contains(status))
            {
                return ProbeResult.Fail(ProbeReasons.Status(status), Stopwatch.GetElapsedTime(start));
            }
            if (check.Contains is null && check.Regex is null)
            {
                return ProbeResult.Ok(Stopwatch.GetElapsedTime(start));
            }
            var body = await ReadPrefixAsync(response, check.MaxBytes, ct).ConfigureAwait(false);
            return BodyMatches(check, body)
                ? ProbeResult.Ok(Stopwatch.GetElapsedTime(start))
                : ProbeResult.Fail(ProbeReasons.BodyMismatch, Stopwatch.GetElapsedTime(start));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            return ProbeResult.Fail(ProbeErrors.ReasonFor(e), Stopwatch.GetElapsedTime(start));
        }
    }

    private static SocketsHttpHandler CreateHandler(CheckTarget target, bool tls)
    {
        var check = target.Check;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, ct) =>
            {
                // The socket is born in the target's namespace; the endpoint is the probe target, always.
                var socket = await ProbeSockets.ConnectAsync(target, SocketType.Stream, ProtocolType.Tcp, ct).ConfigureAwait(false);
                socket.NoDelay = true;
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        if (tls)
        {
            var sni = check.Sni ?? check.Host;
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                // An empty target host sends no SNI; a name is also what the certificate is checked against.
                TargetHost = sni ?? target.Address.ToString(),
                RemoteCertificateValidationCallback = check.VerifyCertificate ? null : static (_, _, _, _) => true,
            };
        }
        return handler;
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, int maxBytes, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Max(0, maxBytes)];
            var total = 0;
            while (total < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                total += n;
            }
            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }

    private static bool BodyMatches(HealthCheckConfig check, string body)
    {
        if (check.Contains is not null && !body.Contains(check.Contains, StringComparison.Ordinal))
        {
            return false;
        }
        return check.Regex is null || Regex.IsMatch(body, check.Regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
