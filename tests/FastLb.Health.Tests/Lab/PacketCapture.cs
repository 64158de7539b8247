// An AF_PACKET capture of every TCP segment in a namespace, both directions, parsed from the frames.
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FastLb.Health.Probes;
using FastLb.Lab;

namespace FastLb.Health.Tests.Lab;

internal sealed class PacketCapture : IDisposable
{
    private const ProtocolType EthPAllNetworkOrder = (ProtocolType)0x0300; // htons(ETH_P_ALL)
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private PacketCapture(Socket socket)
    {
        _socket = socket;
        _loop = Task.Run(LoopAsync);
    }

    public ConcurrentQueue<CapturedSegment> Segments { get; } = new();

    public static PacketCapture Start(LabNamespace ns) =>
        new(ns.Namespace.Run(() => new Socket(AddressFamily.Packet, SocketType.Raw, EthPAllNetworkOrder)));

    private async Task LoopAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            if (TryParse(buffer.AsSpan(0, n), out var segment))
            {
                Segments.Enqueue(segment);
            }
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> frame, out CapturedSegment segment)
    {
        segment = null!;
        if (frame.Length < 14)
        {
            return false;
        }
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        var ip = frame[14..];
        IPAddress src, dst;
        ReadOnlySpan<byte> l4;
        if (etherType == 0x0800 && ip.Length >= 20 && ip[9] == TcpSegment.ProtocolNumber)
        {
            src = new IPAddress(ip.Slice(12, 4));
            dst = new IPAddress(ip.Slice(16, 4));
            l4 = ip[((ip[0] & 0xF) * 4)..];
        }
        else if (etherType == 0x86DD && ip.Length >= 40 && ip[6] == TcpSegment.ProtocolNumber)
        {
            src = new IPAddress(ip.Slice(8, 16));
            dst = new IPAddress(ip.Slice(24, 16));
            l4 = ip[40..];
        }
        else
        {
            return false;
        }
        if (!TcpSegment.TryRead(l4, out var tcp))
        {
            return false;
        }
        segment = new CapturedSegment(src, dst, tcp);
        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }
}
