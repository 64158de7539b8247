using System.Net.Sockets;
using System.Text;

namespace FastLb.Host;

/// <summary>An HTTP client of one instance's admin socket; writes carry the token read from its file.</summary>
public sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;

    public AdminClient(AdminEndpoint endpoint)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = endpoint.Address is { } tcp
                    ? new Socket(tcp.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                    : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint.Address ?? (System.Net.EndPoint)new UnixDomainSocketEndPoint(endpoint.SocketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://fastlb"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public AdminEndpoint Endpoint { get; }

    public async Task<(int Status, string Body)> GetAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <exception cref="UnauthorizedAccessException">The token file cannot be read (writes are for root).</exception>
    public async Task<(int Status, string Body)> PostAsync(string path, string? json, CancellationToken ct)
    {
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(Endpoint.TokenPath, ct)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnauthorizedAccessException($"writes need the admin token in {Endpoint.TokenPath} (readable by root only): {e.Message}", e);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(json ?? "{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public void Dispose() => _http.Dispose();
}
