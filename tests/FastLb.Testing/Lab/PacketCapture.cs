using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

// Beside the lab types it observes, though only tests carry it: the fastlb binary ships no capture.
namespace FastLb.Lab;

/// <summary>
/// An AF_PACKET capture inside a lab namespace, on one interface or all of them, both directions,
/// optionally narrowed by a pcap filter ("tcp and src host 192.0.2.11") compiled to classic BPF
/// and run in the kernel. It listens from the moment <see cref="Start"/> returns; <see cref="Stop"/>
/// (or Dispose) takes what the socket still holds and returns every frame caught.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    private const ushort EthPAll = 0x0003;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly Socket _socket;
    private readonly Func<CapturedPacket, bool>? _match;
    private readonly List<CapturedPacket> _packets = [];
    private readonly Thread _reader;
    private volatile bool _stopping;
    private string _error = "";
    private bool _disposed;

    private PacketCapture(Socket socket, Func<CapturedPacket, bool>? match, string description)
    {
        _socket = socket;
        _match = match;
        Description = description;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "capture " + description };
        _reader.Start();
    }

    /// <summary>Where and what this capture listens to, for messages.</summary>
    public string Description { get; }

    /// <summary>Why the capture ended early, if it did (empty otherwise).</summary>
    public string StdErr
    {
        get
        {
            lock (_packets)
            {
                return _error;
            }
        }
    }

    /// <summary>The frames caught so far, in arrival order.</summary>
    public IReadOnlyList<CapturedPacket> Packets
    {
        get
        {
            lock (_packets)
            {
                return [.. _packets];
            }
        }
    }

    public int Count => Packets.Count;

    /// <summary>
    /// Captures in <paramref name="ns"/> on <paramref name="ifname"/> (null: every interface) the
    /// frames matching the pcap filter <paramref name="filter"/> (empty: everything).
    /// <paramref name="startTimeout"/> is accepted for older callers; the socket listens at once.
    /// </summary>
    public static PacketCapture Start(LabNamespace ns, string? ifname, string filter = "", TimeSpan? startTimeout = null)
    {
        _ = startTimeout;
        var description = $"{ns.Name}/{ifname ?? "any"} '{filter}'";
        return new PacketCapture(Open(ns, ifname, filter, description), null, description);
    }

    /// <summary>Captures in <paramref name="ns"/> on <paramref name="ifname"/> (null: every interface)
    /// the frames <paramref name="match"/> accepts.</summary>
    public static PacketCapture Start(LabNamespace ns, string? ifname, Func<CapturedPacket, bool> match)
    {
        var description = $"{ns.Name}/{ifname ?? "any"} (predicate)";
        return new PacketCapture(Open(ns, ifname, "", description), match, description);
    }

    /// <summary>Captures every frame on every interface of <paramref name="ns"/>.</summary>
    public static PacketCapture Start(LabNamespace ns) => Start(ns, null);

    /// <summary>
    /// Waits until at least <paramref name="count"/> frames matching <paramref name="match"/> were
    /// caught and returns those caught by then; throws <see cref="LabException"/> listing every
    /// frame when <paramref name="timeout"/> passes first.
    /// </summary>
    public IReadOnlyList<CapturedPacket> WaitFor(Func<CapturedPacket, bool> match, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_packets)
        {
            while (true)
            {
                var found = _packets.Where(match).ToList();
                if (found.Count >= count)
                {
                    return found;
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !_reader.IsAlive)
                {
                    throw new LabException($"capture {Description}: {found.Count} of {count} expected frames within {timeout.TotalSeconds} s; caught:\n"
                        + string.Join('\n', _packets) + (_error.Length > 0 ? "\n" + _error : ""));
                }
                Monitor.Wait(_packets, left);
            }
        }
    }

    /// <summary>Stops capturing after taking what the socket still holds, and returns every frame caught.</summary>
    public IReadOnlyList<CapturedPacket> Stop()
    {
        _stopping = true;
        if (!_reader.Join(TimeSpan.FromSeconds(5)))
        {
            throw new LabException($"capture {Description} did not stop within 5 s");
        }
        return Packets;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            Stop();
        }
        finally
        {
            _socket.Dispose();
        }
    }

    private static Socket Open(LabNamespace ns, string? ifname, string filter, string description)
    {
        var ifindex = ifname is null ? 0 : ns.IfIndex(ifname);
        return ns.Namespace.Run(() =>
        {
            // Protocol 0 receives nothing until bound, so no frame slips past the filter.
            var socket = new Socket(AddressFamily.Packet, SocketType.Raw, ProtocolType.Unspecified);
            try
            {
                if (!string.IsNullOrWhiteSpace(filter))
                {
                    PcapFilter.Attach(socket, filter);
                }
                socket.Bind(new LinkLayerEndPoint(EthPAll, ifindex));
                return socket;
            }
            catch (Exception e) when (e is SocketException or LabException)
            {
                socket.Dispose();
                throw new LabException($"capture {description} cannot start: {e.Message}", e);
            }
        });
    }

    private void ReadLoop()
    {
        var buffer = new byte[65536];
        var poll = (int)PollInterval.TotalMicroseconds;
        try
        {
            while (true)
            {
                // Once stopping, keep reading until the socket is empty: nothing queued before Stop is lost.
                if (!_socket.Poll(poll, SelectMode.SelectRead))
                {
                    if (_stopping)
                    {
                        return;
                    }
                    continue;
                }
                var n = _socket.Receive(buffer, SocketFlags.None, out var error);
                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }
                var packet = CapturedPacket.Parse(buffer.AsSpan(0, n), n);
                if (_match is not null && !_match(packet))
                {
                    continue;
                }
                lock (_packets)
                {
                    _packets.Add(packet);
                    Monitor.PulseAll(_packets);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            lock (_packets)
            {
                _error = $"capture {Description} ended: {e.Message}";
                Monitor.PulseAll(_packets);
            }
        }
    }

    /// <summary>struct sockaddr_ll for bind: protocol (network order) and interface index (0: all).</summary>
    private sealed class LinkLayerEndPoint(ushort protocol, int ifindex) : EndPoint
    {
        public override AddressFamily AddressFamily => AddressFamily.Packet;

        public override SocketAddress Serialize()
        {
            var address = new SocketAddress(AddressFamily.Packet, 20);
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16BigEndian(bytes, protocol);
            address[2] = bytes[0];
            address[3] = bytes[1];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, ifindex);
            for (var i = 0; i < 4; i++)
            {
                address[4 + i] = bytes[i];
            }
            return address;
        }

        public override EndPoint Create(SocketAddress socketAddress) => this;
    }
}
