// One client connection to an IdentityEchoServers port, held open: it knows the real it reached and
// proves, line by line, that it still reaches that real.
using System.Net;
using System.Net.Sockets;
using System.Text;
using FastLb.Interop.Netns;

namespace FastLb.LabTests;

public sealed class HeldConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private NetworkStream? _stream;
    private StreamReader? _reader;
    private int _pings;

    private HeldConnection(Socket socket, TimeSpan timeout)
    {
        _socket = socket;
        _timeout = timeout;
    }

    /// <summary>The identity of the real that accepted the connection.</summary>
    public string Real { get; private set; } = "";

    /// <summary>Connects from <paramref name="client"/> (from <paramref name="source"/> when given) and reads the real's name.</summary>
    public static async Task<HeldConnection> OpenAsync(NetworkNamespace client, IPAddress vip, int port, TimeSpan timeout, IPAddress? source = null)
    {
        var socket = client.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        var held = new HeldConnection(socket, timeout);
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }
            using var deadline = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(new IPEndPoint(vip, port), deadline.Token);
            held._stream = new NetworkStream(socket, ownsSocket: false);
            held._reader = new StreamReader(held._stream, Encoding.ASCII);
            held.Real = await held._reader.ReadLineAsync(deadline.Token) ?? throw new IOException("closed before naming its real");
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Sends a line and requires the answer of the same real; throws when the connection broke or moved.</summary>
    public async Task PingAsync()
    {
        var n = ++_pings;
        using var deadline = new CancellationTokenSource(_timeout);
        await _stream!.WriteAsync(Encoding.ASCII.GetBytes($"{n}\n"), deadline.Token);
        var answer = await _reader!.ReadLineAsync(deadline.Token);
        if (answer != $"{Real} {n}")
        {
            throw new IOException($"connection to {Real}: ping {n} answered '{answer}'");
        }
    }

    /// <summary>Opens a connection, reads its real, closes it: one short flow.</summary>
    public static async Task<string> OnceAsync(NetworkNamespace client, IPAddress vip, int port, TimeSpan timeout, IPAddress? source = null)
    {
        using var c = await OpenAsync(client, vip, port, timeout, source);
        return c.Real;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _stream?.Dispose();
        _socket.Dispose();
    }
}
