// TCP listeners on 127.0.0.1 that accept each connection and close it, the far end of every check.
using System.Net;
using System.Net.Sockets;

namespace FastLb.Bench.Health;

public sealed class LoopbackListeners : IAsyncDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private long _accepted;

    private LoopbackListeners()
    {
    }

    /// <summary>Bound endpoints, one per listener (kernel-chosen ports).</summary>
    public IReadOnlyList<IPEndPoint> EndPoints { get; private set; } = [];

    public long Accepted => Interlocked.Read(ref _accepted);

    public static LoopbackListeners Open(int count)
    {
        var listeners = new LoopbackListeners();
        try
        {
            var endPoints = new List<IPEndPoint>(count);
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listeners._sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                socket.Listen(4096);
                endPoints.Add((IPEndPoint)socket.LocalEndPoint!);
            }
            listeners.EndPoints = endPoints;
            foreach (var socket in listeners._sockets)
            {
                listeners._loops.Add(listeners.AcceptLoopAsync(socket, listeners._stop.Token));
            }
            return listeners;
        }
        catch
        {
            foreach (var socket in listeners._sockets)
            {
                socket.Dispose();
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var accepted = await listener.AcceptAsync(ct).ConfigureAwait(false);
                Interlocked.Increment(ref _accepted);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException
                || (e is SocketException && ct.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException)
            {
                // A client gone before accept (reset); keep serving the others.
            }
        }
    }
}
