// A small HTTP/1.1 server (plain or TLS) in a namespace: fixed status and body, or accepts and stays silent.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FastLb.Lab;

namespace FastLb.Health.Tests.Lab;

internal sealed class TestHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    private TestHttpServer(TcpListener listener, int status, string body, bool silent, X509Certificate2? certificate)
    {
        _listener = listener;
        _ = Task.Run(() => AcceptLoopAsync(status, body, silent, certificate));
    }

    /// <summary>The request heads received, as text.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static TestHttpServer Start(LabNamespace ns, IPAddress address, int port, int status = 200, string body = "hello", bool silent = false, X509Certificate2? certificate = null)
    {
        var listener = ns.Namespace.Run(() =>
        {
            var l = new TcpListener(address, port);
            l.Start();
            return l;
        });
        return new TestHttpServer(listener, status, body, silent, certificate);
    }

    private async Task AcceptLoopAsync(int status, string body, bool silent, X509Certificate2? certificate)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client, status, body, silent, certificate));
        }
    }

    private async Task ServeAsync(TcpClient client, int status, string body, bool silent, X509Certificate2? certificate)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            if (certificate is not null)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(certificate);
                stream = ssl;
            }
            if (silent)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }
                head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            Requests.Enqueue(head.ToString());
            var payload = Encoding.UTF8.GetBytes(body);
            var response = $"HTTP/1.1 {status} X\r\nContent-Type: text/plain\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            await stream.WriteAsync(payload, _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }
        catch (Exception)
        {
            // A client that gives up (TLS failure, timeout) is part of the tests.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
