// A line server in each real that names itself on accept and echoes every line under its name: a
// connection that stays open for as long as a test wants, whose every answer says which real it reached.
using System.Net;
using System.Net.Sockets;
using System.Text;
using FastLb.Interop.Netns;

namespace FastLb.LabTests;

internal sealed class IdentityEchoServers : IAsyncDisposable
{
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Listens on [::]:<paramref name="port"/> (so also on a VIP held on lo) in each namespace, answering as its identity.</summary>
    public static IdentityEchoServers Start(IReadOnlyList<NetworkNamespace> reals, IReadOnlyList<string> identities, int port)
    {
        var servers = new IdentityEchoServers();
        try
        {
            for (var i = 0; i < reals.Count; i++)
            {
                var listener = reals[i].Run(() =>
                {
                    var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
                    s.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                    s.Listen(512);
                    return s;
                });
                servers._listeners.Add(listener);
                var identity = identities[i];
                servers._loops.Add(Task.Run(() => servers.AcceptAsync(listener, identity)));
            }
            return servers;
        }
        catch
        {
            servers.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var l in _listeners)
        {
            l.Dispose();
        }
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private async Task AcceptAsync(Socket listener, string identity)
    {
        var connections = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var conn = await listener.AcceptAsync(_stop.Token);
                connections.Add(Task.Run(() => ServeAsync(conn, identity)));
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket conn, string identity)
    {
        using var _ = conn;
        try
        {
            await using var stream = new NetworkStream(conn, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(identity + "\n"), _stop.Token);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{identity} {line}\n"), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away or the servers stop: nothing to answer.
        }
    }
}
