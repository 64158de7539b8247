// Fetches a lab server's payload (GET /bytes/N) through a real socket in a namespace and hashes what arrived.
using System.Net;
using System.Net.Sockets;
using FastLb.Interop.Netns;

namespace FastLb.Lab;

/// <summary>What one download brought: status, the server that sent it, its length and SHA-256.</summary>
public sealed record LabDownload(int StatusCode, string? ServedBy, long Length, string Sha256)
{
    /// <summary>
    /// GETs <see cref="LabPayload.Path"/>(<paramref name="length"/>) from ADDRESS:PORT inside
    /// <paramref name="ns"/> on a new connection; throws <see cref="LabException"/> on failure or
    /// after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<LabDownload> GetAsync(NetworkNamespace ns, IPAddress address, int port, int length, TimeSpan timeout, CancellationToken ct)
    {
        var target = new IPEndPoint(address, port);
        using var handler = LabHttpClient.NamespaceHandler(ns, target, noDelay: false);
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{host}:{port}{LabPayload.Path(length)}"));
        request.Headers.ConnectionClose = true;
        try
        {
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            var servedBy = response.Headers.TryGetValues("X-Served-By", out var values) ? values.FirstOrDefault() : null;
            return new LabDownload((int)response.StatusCode, servedBy, body.Length, LabPayload.Hash(body));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            throw new LabException($"download of {length} bytes from {target} in namespace {ns.Name} timed out after {timeout.TotalSeconds:0.###} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new LabException($"download of {length} bytes from {target} in namespace {ns.Name} failed: {e.Message}", e);
        }
    }
}
