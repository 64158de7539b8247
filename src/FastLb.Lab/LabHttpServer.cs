using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using FastLb.Interop.Netns;

namespace FastLb.Lab;

/// <summary>
/// A small real HTTP/1.1 server (plain or TLS) whose listening socket lives in a lab namespace.
/// Every request gets one fixed answer, by default 200 with body "served-by: IDENTITY\n", and
/// header X-Served-By, then the connection closes; or the server accepts and stays silent.
/// GET /bytes/N answers N bytes of <see cref="LabPayload"/> instead. Header X-Peer names the
/// address and port the server saw the request come from.
/// </summary>
public sealed class LabHttpServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 16 * 1024;
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly ConcurrentQueue<IPEndPoint> _clients = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly LabHttpServerOptions _options;
    private readonly Task _acceptLoop;
    private int _requestCount;
    private int _disposed;

    private LabHttpServer(Socket listener, LabHttpServerOptions options)
    {
        _listener = listener;
        _options = options;
        Identity = options.Identity;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string Identity { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Requests answered so far.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>The remote end of every request answered, in order (client address and source port).</summary>
    public IReadOnlyList<IPEndPoint> Clients => [.. _clients];

    /// <summary>The head of every request answered, as text, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>
    /// Listens on <paramref name="bind"/>:<paramref name="port"/> inside <paramref name="ns"/>.
    /// IPAddress.Any also accepts on a VIP held on lo; IPv6Any accepts IPv4 and IPv6.
    /// </summary>
    public static LabHttpServer Start(NetworkNamespace ns, IPAddress bind, int port, string identity) =>
        Start(ns, bind, port, new LabHttpServerOptions { Identity = identity });

    /// <summary>Listens like <see cref="Start(NetworkNamespace, IPAddress, int, string)"/>, answering as <paramref name="options"/> say.</summary>
    public static LabHttpServer Start(NetworkNamespace ns, IPAddress bind, int port, LabHttpServerOptions options)
    {
        var identity = options.Identity;
        var listener = ns.Run(() =>
        {
            var s = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (bind.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    s.DualMode = true;
                }
                // SO_REUSEADDR alone, so a restarted server binds despite TIME_WAIT; .NET's ReuseAddress
                // would also set SO_REUSEPORT and let a second server share the port silently.
                s.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
                s.Bind(new IPEndPoint(bind, port));
                s.Listen(512);
                return s;
            }
            catch (SocketException e)
            {
                s.Dispose();
                throw new LabException($"HTTP server '{identity}' cannot listen on {bind}:{port} in namespace {ns.Name}: {e.Message}", e);
            }
        });
        return new LabHttpServer(listener, options);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && _stop.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            var task = ServeAsync(client);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        Stream stream = new NetworkStream(client, ownsSocket: false);
        try
        {
            if (_options.Certificate is { } certificate)
            {
                var tls = new SslStream(stream);
                await tls.AuthenticateAsServerAsync(certificate).WaitAsync(TimeSpan.FromSeconds(10), _stop.Token).ConfigureAwait(false);
                stream = tls;
            }
            if (_options.Hang)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            if (await ReadRequestHeadAsync(stream, timeout.Token).ConfigureAwait(false) is not { } head)
            {
                return;
            }
            var peer = (IPEndPoint)client.RemoteEndPoint!;
            var requestLine = head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
            var body = LabPayload.TryParseRequest(requestLine, out var length)
                ? LabPayload.Bytes(length)
                : Encoding.UTF8.GetBytes(_options.Body ?? $"served-by: {Identity}\n");
            var response = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {_options.Status} {Reason(_options.Status)}\r\n" +
                "Content-Type: text/plain\r\n" +
                $"Content-Length: {body.Length}\r\n" +
                $"X-Served-By: {Identity}\r\n" +
                $"X-Peer: {peer}\r\n" +
                "Connection: close\r\n\r\n");
            _requests.Enqueue(head);
            _clients.Enqueue(peer);
            Interlocked.Increment(ref _requestCount);
            await stream.WriteAsync((byte[])[.. response, .. body], timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
            or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // A client that vanished or gave up (TLS refused, timeout), or a server shutting down: nothing to answer.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };

    /// <summary>Reads until the blank line that ends the request head; null if the peer closed first.</summary>
    private static async Task<string?> ReadRequestHeadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestBytes];
        var used = 0;
        while (used < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(used), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }
            used += n;
            var end = buffer.AsSpan(0, used).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return Encoding.ASCII.GetString(buffer, 0, end + 4);
            }
        }
        return null;
    }
}
