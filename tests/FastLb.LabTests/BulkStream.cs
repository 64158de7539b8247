// A long TCP transfer for lab tests: each real streams 8-byte sequence numbers until told to finish; the client checks every one.
using System.Buffers.Binary;
using System.Net.Sockets;
using FastLb.Interop.Netns;

namespace FastLb.LabTests;

internal sealed class BulkStream : IAsyncDisposable
{
    private const int ChunkWords = 8192; // 64 KiB per write
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(10);

    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sent;

    /// <summary>Words sent by the server that served the transfer.</summary>
    public long SentWords => Interlocked.Read(ref _sent);

    /// <summary>Listens on [::]:<paramref name="port"/> in each namespace (so also on a VIP held on lo).</summary>
    public static BulkStream Start(IEnumerable<NetworkNamespace> reals, int port)
    {
        var bulk = new BulkStream();
        foreach (var ns in reals)
        {
            var listener = ns.Run(() =>
            {
                var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
                s.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                s.Listen(4);
                return s;
            });
            bulk._listeners.Add(listener);
            bulk._loops.Add(Task.Run(() => bulk.ServeAsync(listener)));
        }
        return bulk;
    }

    /// <summary>The server ends the stream after the chunk it is writing, then closes.</summary>
    public void Finish() => _finish.TrySetResult();

    /// <summary>
    /// Connects from <paramref name="client"/> and reads until the server closes; returns the number
    /// of words read, throwing at the first word out of sequence.
    /// </summary>
    public static async Task<long> ReceiveAsync(NetworkNamespace client, IPAddress vip, int port, TimeSpan connectTimeout, CancellationToken ct)
    {
        using var socket = client.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connect.CancelAfter(connectTimeout);
            await socket.ConnectAsync(new IPEndPoint(vip, port), connect.Token);
        }
        var buffer = new byte[1 << 16];
        var filled = 0;
        long words = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled), ct);
            if (n == 0)
            {
                if (filled != 0)
                {
                    throw new InvalidDataException($"stream ended inside a word after {words} words");
                }
                return words;
            }
            filled += n;
            var whole = filled / 8 * 8;
            for (var i = 0; i < whole; i += 8)
            {
                var value = BinaryPrimitives.ReadInt64BigEndian(buffer.AsSpan(i));
                if (value != words)
                {
                    throw new InvalidDataException($"word {words} reads {value}: the stream is not intact");
                }
                words++;
            }
            buffer.AsSpan(whole, filled - whole).CopyTo(buffer);
            filled -= whole;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _finish.TrySetResult();
        foreach (var l in _listeners)
        {
            l.Dispose();
        }
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task ServeAsync(Socket listener)
    {
        using var conn = await listener.AcceptAsync(_stop.Token);
        var chunk = new byte[ChunkWords * 8];
        long next = 0;
        while (!_finish.Task.IsCompleted)
        {
            for (var i = 0; i < ChunkWords; i++)
            {
                BinaryPrimitives.WriteInt64BigEndian(chunk.AsSpan(i * 8), next++);
            }
            await conn.SendAsync(chunk, _stop.Token);
            Interlocked.Exchange(ref _sent, next);
            await Task.Delay(Pace, _stop.Token);
        }
        conn.Shutdown(SocketShutdown.Send);
    }
}
