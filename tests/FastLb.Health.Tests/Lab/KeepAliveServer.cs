// A tiny HTTP/1.1 server for keep-alive tests: answers every request on a connection, counting both.
using System.Net.Sockets;
using System.Text;

namespace FastLb.Health.Tests.Lab;

internal sealed class KeepAliveServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _answer;
    private readonly bool _closeAfterAnswer;
    private readonly Task _accepting;
    private readonly List<Task> _serving = [];
    private readonly List<Socket> _clients = [];
    private readonly List<string> _requests = [];
    private int _connections;

    private KeepAliveServer(TcpListener listener, string answer, bool closeAfterAnswer)
    {
        _listener = listener;
        _answer = answer;
        _closeAfterAnswer = closeAfterAnswer;
        _accepting = AcceptAsync();
    }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every request head received, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Serves on <paramref name="listener"/>: each request gets <paramref name="answer"/>; the connection then stays open unless <paramref name="closeAfterAnswer"/>.</summary>
    public static KeepAliveServer Start(TcpListener listener, string answer, bool closeAfterAnswer) => new(listener, answer, closeAfterAnswer);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        Task[] serving;
        lock (_serving)
        {
            serving = [.. _serving];
            // The prober may keep its connection open for a while: end ours instead of waiting.
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
        await Task.WhenAll(serving).ConfigureAwait(false);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped (before or during the accept)
            }
            Interlocked.Increment(ref _connections);
            lock (_serving)
            {
                _clients.Add(client);
                _serving.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        var buffer = new byte[8192];
        var used = 0;
        try
        {
            while (true)
            {
                var text = Encoding.ASCII.GetString(buffer, 0, used);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    var n = await client.ReceiveAsync(buffer.AsMemory(used), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }
                    used += n;
                    continue;
                }
                lock (_requests)
                {
                    _requests.Add(text[..(end + 4)]);
                }
                var rest = used - (end + 4);
                Buffer.BlockCopy(buffer, end + 4, buffer, 0, rest);
                used = rest;
                await client.SendAsync(Encoding.ASCII.GetBytes(_answer), SocketFlags.None).ConfigureAwait(false);
                if (_closeAfterAnswer)
                {
                    client.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or TimeoutException or ObjectDisposedException)
        {
        }
    }
}
