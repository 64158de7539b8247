// A UDP server in a namespace that answers each datagram with what a function returns (null: silence).
using System.Net;
using System.Net.Sockets;
using FastLb.Lab;

namespace FastLb.Health.Tests.Lab;

internal sealed class TestUdpServer : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();

    private TestUdpServer(Socket socket, Func<byte[], byte[]?> reply)
    {
        _socket = socket;
        _ = Task.Run(() => LoopAsync(reply));
    }

    public int Received;

    public static TestUdpServer Start(LabNamespace ns, IPAddress address, int port, Func<byte[], byte[]?> reply)
    {
        var socket = ns.Namespace.Run(() =>
        {
            var s = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(address, port));
            return s;
        });
        return new TestUdpServer(socket, reply);
    }

    private async Task LoopAsync(Func<byte[], byte[]?> reply)
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                Interlocked.Increment(ref Received);
                var answer = reply(buffer.AsSpan(0, r.ReceivedBytes).ToArray());
                if (answer is not null)
                {
                    await _socket.SendToAsync(answer, SocketFlags.None, r.RemoteEndPoint, _stop.Token);
                }
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }
}
