using System.Net;
using System.Net.Sockets;
using FastLb.Interop.Netns;

namespace FastLb.Lab;

/// <summary>
/// A real HTTP client whose sockets are made inside a lab namespace. Each request opens its own
/// connection, so each is a new flow with a new source port.
/// </summary>
public static class LabHttpClient
{
    /// <summary>
    /// GETs http://ADDRESS:PORT/PATH from inside <paramref name="ns"/>. Throws <see cref="LabException"/>
    /// when the connection or the request fails or takes longer than <paramref name="timeout"/>;
    /// cancelling <paramref name="ct"/> throws OperationCanceledException.
    /// </summary>
    public static async Task<LabResponse> GetAsync(NetworkNamespace ns, IPAddress address, int port, string path, TimeSpan timeout, CancellationToken ct)
    {
        var target = new IPEndPoint(address, port);
        using var handler = NamespaceHandler(ns, target, noDelay: true);
        handler.AllowAutoRedirect = false;
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{host}:{port}{(path.StartsWith('/') ? path : "/" + path)}"));
        request.Headers.ConnectionClose = true;
        try
        {
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            var servedBy = response.Headers.TryGetValues("X-Served-By", out var values) ? values.FirstOrDefault() : null;
            return new LabResponse((int)response.StatusCode, body, servedBy);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            throw new LabException($"GET {target}{path} from namespace {ns.Name} timed out after {timeout.TotalSeconds:0.###} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new LabException($"GET {target}{path} from namespace {ns.Name} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> GETs (at most <paramref name="parallelism"/> at a time), each on a new
    /// connection, and counts the answers by serving identity; failures are counted, not thrown.
    /// </summary>
    public static async Task<LabRunResult> RunRequestsAsync(int count, NetworkNamespace ns, IPAddress address, int port, TimeSpan timeout, CancellationToken ct, string path = "/", int parallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var byIdentity = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();
        var gate = new object();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (_, token) =>
        {
            try
            {
                var response = await GetAsync(ns, address, port, path, timeout, token).ConfigureAwait(false);
                lock (gate)
                {
                    if (response.StatusCode == 200 && response.ServedBy is { } who)
                    {
                        byIdentity[who] = byIdentity.GetValueOrDefault(who) + 1;
                    }
                    else
                    {
                        errors.Add($"status {response.StatusCode}, served by '{response.ServedBy}'");
                    }
                }
            }
            catch (LabException e)
            {
                lock (gate)
                {
                    errors.Add(e.Message);
                }
            }
        }).ConfigureAwait(false);
        return new LabRunResult(byIdentity, errors.Count, errors);
    }

    /// <summary>
    /// A handler whose every connection is a new socket made inside <paramref name="ns"/> to
    /// <paramref name="target"/> (no proxy, no pooling: each request is a new flow).
    /// </summary>
    internal static SocketsHttpHandler NamespaceHandler(NetworkNamespace ns, IPEndPoint target, bool noDelay) => new()
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectCallback = async (_, token) =>
        {
            var socket = ns.Run(() => new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
            try
            {
                if (noDelay)
                {
                    socket.NoDelay = true;
                }
                await socket.ConnectAsync(target, token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
