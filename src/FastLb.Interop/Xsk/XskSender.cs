using System.Diagnostics;
using System.Runtime.InteropServices;
using FastLb.Interop.Handles;
using static FastLb.Interop.Errno;

namespace FastLb.Interop.Xsk;

/// <summary>
/// An AF_XDP (XSK) sender on the kernel's own interface, no libxdp: a UMEM of fixed-size chunks,
/// its fill and completion rings, and a TX ring, bound in copy mode (XDP_COPY) to one queue of
/// an interface. <see cref="Send"/> queues frames in batches, kicks the kernel with an empty
/// sendto, and takes completions back, allocating nothing per frame. Open it on a thread inside
/// the interface's network namespace; the socket keeps working from any thread afterwards.
/// </summary>
public sealed unsafe class XskSender : IDisposable
{
    private readonly BpfFdHandle _fd;
    private readonly nint _umem;
    private readonly nuint _umemLength;
    private readonly nint _txMap;
    private readonly nuint _txMapLength;
    private readonly nint _cqMap;
    private readonly nuint _cqMapLength;
    private readonly uint* _txProducer;
    private readonly uint* _txConsumer;
    private readonly Interop.Xsk.Desc* _txDescs;
    private readonly uint* _cqProducer;
    private readonly uint* _cqConsumer;
    private readonly ulong* _cqAddrs;
    private readonly uint _ringMask;
    private readonly int _batch;
    private bool _disposed;

    private XskSender(BpfFdHandle fd, nint umem, nuint umemLength, int frames, int frameSize, uint ringSize, int batch,
        in Interop.Xsk.MmapOffsets offsets, nint txMap, nuint txMapLength, nint cqMap, nuint cqMapLength)
    {
        _fd = fd;
        _umem = umem;
        _umemLength = umemLength;
        FrameCount = frames;
        FrameSize = frameSize;
        _ringMask = ringSize - 1;
        _batch = batch;
        _txMap = txMap;
        _txMapLength = txMapLength;
        _cqMap = cqMap;
        _cqMapLength = cqMapLength;
        _txProducer = (uint*)(txMap + (nint)offsets.Tx.Producer);
        _txConsumer = (uint*)(txMap + (nint)offsets.Tx.Consumer);
        _txDescs = (Interop.Xsk.Desc*)(txMap + (nint)offsets.Tx.Desc);
        _cqProducer = (uint*)(cqMap + (nint)offsets.Completion.Producer);
        _cqConsumer = (uint*)(cqMap + (nint)offsets.Completion.Consumer);
        _cqAddrs = (ulong*)(cqMap + (nint)offsets.Completion.Desc);
    }

    /// <summary>UMEM chunks; frame i lives in chunk i % FrameCount.</summary>
    public int FrameCount { get; }

    /// <summary>Bytes per UMEM chunk: the largest frame.</summary>
    public int FrameSize { get; }

    /// <summary>
    /// Creates the socket, registers a UMEM of <paramref name="frames"/> chunks of
    /// <paramref name="frameSize"/> bytes, sizes and maps the rings (<paramref name="ringSize"/>
    /// entries, a power of two no smaller than <paramref name="frames"/>) and binds to queue
    /// <paramref name="queue"/> of <paramref name="ifindex"/> in copy mode.
    /// </summary>
    /// <exception cref="InvalidOperationException">A call failed; the message names it and the errno.</exception>
    public static XskSender Open(int ifindex, uint queue = 0, int frames = 4096, int frameSize = 2048, int ringSize = 4096, int batch = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ifindex);
        if (frameSize is not (2048 or 4096))
        {
            throw new ArgumentOutOfRangeException(nameof(frameSize), frameSize, "an XSK chunk is 2048 or 4096 bytes");
        }
        if (ringSize <= 0 || (ringSize & (ringSize - 1)) != 0 || ringSize < frames)
        {
            throw new ArgumentOutOfRangeException(nameof(ringSize), ringSize, $"a power of two no smaller than frames ({frames})");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);

        var fd = Interop.Xsk.Socket(Interop.Xsk.AfXdp, Interop.Xsk.SockRaw, 0);
        if (fd < 0)
        {
            throw Failure("socket(AF_XDP)");
        }
        var handle = new BpfFdHandle(fd);
        var umemLength = (nuint)((long)frames * frameSize);
        nint umem = Interop.Mmap.MapFailed, tx = Interop.Mmap.MapFailed, cq = Interop.Mmap.MapFailed;
        nuint txLength = 0, cqLength = 0;
        try
        {
            umem = Interop.Mmap.MapReadWrite(umemLength, Interop.Mmap.MapFlags.Private | Interop.Mmap.MapFlags.Anonymous | Interop.Mmap.MapFlags.Populate, -1, 0);
            if (umem == Interop.Mmap.MapFailed)
            {
                throw Failure($"mmap of a {umemLength}-byte UMEM");
            }
            var reg = new Interop.Xsk.UmemReg { Addr = (ulong)umem, Len = umemLength, ChunkSize = (uint)frameSize };
            SetOption(fd, Interop.Xsk.XdpUmemReg, &reg, (uint)sizeof(Interop.Xsk.UmemReg), "XDP_UMEM_REG");
            var size = (uint)ringSize;
            SetOption(fd, Interop.Xsk.XdpUmemFillRing, &size, sizeof(uint), "XDP_UMEM_FILL_RING");
            SetOption(fd, Interop.Xsk.XdpUmemCompletionRing, &size, sizeof(uint), "XDP_UMEM_COMPLETION_RING");
            SetOption(fd, Interop.Xsk.XdpTxRing, &size, sizeof(uint), "XDP_TX_RING");

            Interop.Xsk.MmapOffsets offsets;
            var length = (uint)sizeof(Interop.Xsk.MmapOffsets);
            if (Interop.Xsk.GetSockOpt(fd, Interop.Xsk.SolXdp, Interop.Xsk.XdpMmapOffsets, &offsets, &length) != 0)
            {
                throw Failure("getsockopt(XDP_MMAP_OFFSETS)");
            }
            txLength = (nuint)(offsets.Tx.Desc + size * (ulong)sizeof(Interop.Xsk.Desc));
            tx = MapRing(fd, txLength, Interop.Xsk.XdpPgoffTxRing, "TX ring");
            cqLength = (nuint)(offsets.Completion.Desc + size * (ulong)sizeof(ulong));
            cq = MapRing(fd, cqLength, Interop.Xsk.XdpUmemPgoffCompletionRing, "completion ring");

            var address = new Interop.Xsk.SockaddrXdp { Family = Interop.Xsk.AfXdp, Flags = Interop.Xsk.XdpCopy, Ifindex = (uint)ifindex, QueueId = queue };
            if (Interop.Xsk.Bind(fd, &address, (uint)sizeof(Interop.Xsk.SockaddrXdp)) != 0)
            {
                throw Failure($"bind to ifindex {ifindex} queue {queue} (XDP_COPY)");
            }
            return new XskSender(handle, umem, umemLength, frames, frameSize, size, batch, offsets, tx, txLength, cq, cqLength);
        }
        catch
        {
            Unmap(cq, cqLength);
            Unmap(tx, txLength);
            Unmap(umem, umemLength);
            handle.Dispose();
            throw;
        }
    }

    /// <summary>UMEM chunk <paramref name="index"/>, to write a frame template into.</summary>
    public Span<byte> Frame(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        return new Span<byte>((void*)(_umem + (nint)index * FrameSize), FrameSize);
    }

    /// <summary>
    /// Sends <paramref name="count"/> frames of <paramref name="length"/> bytes: frame i is chunk
    /// i % FrameCount, passed to <paramref name="writer"/> first when one is given. Returns once
    /// every queued frame is complete or <paramref name="drainTimeout"/> (default 5 s) passed after
    /// the last was queued. Allocates nothing.
    /// </summary>
    public XskSendResult Send(ulong count, int length, XskFrameWriter? writer = null, TimeSpan? drainTimeout = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 14);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, FrameSize);
        var fd = _fd.Fd;
        var ringSize = _ringMask + 1;
        ulong queued = 0, completed = 0, kicks = 0, busy = 0;
        var txProducer = *_txProducer;
        while (queued < count)
        {
            completed += Reclaim();
            var outstanding = queued - completed;
            var free = Math.Min((ulong)FrameCount - outstanding, ringSize - (txProducer - Volatile.Read(ref *_txConsumer)));
            var n = Math.Min(Math.Min(free, (ulong)_batch), count - queued);
            for (ulong i = 0; i < n; i++)
            {
                var sequence = queued + i;
                var chunk = (long)(sequence % (ulong)FrameCount);
                if (writer is not null)
                {
                    writer(new Span<byte>((void*)(_umem + (nint)(chunk * FrameSize)), FrameSize), sequence);
                }
                ref var desc = ref _txDescs[txProducer & _ringMask];
                desc.Addr = (ulong)(chunk * FrameSize);
                desc.Len = (uint)length;
                desc.Options = 0;
                txProducer++;
            }
            Volatile.Write(ref *_txProducer, txProducer);
            queued += n;
            busy += Kick(fd);
            kicks++;
        }
        var deadline = Stopwatch.GetTimestamp() + (long)((drainTimeout ?? TimeSpan.FromSeconds(5)).TotalSeconds * Stopwatch.Frequency);
        while (completed < queued && Stopwatch.GetTimestamp() < deadline)
        {
            busy += Kick(fd);
            kicks++;
            completed += Reclaim();
        }
        return new XskSendResult(queued, completed, kicks, busy);
    }

    /// <summary>The socket's TX counters (getsockopt XDP_STATISTICS).</summary>
    public XskStatistics Statistics()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interop.Xsk.Statistics stats;
        var length = (uint)sizeof(Interop.Xsk.Statistics);
        if (Interop.Xsk.GetSockOpt(_fd.Fd, Interop.Xsk.SolXdp, Interop.Xsk.XdpStatistics, &stats, &length) != 0)
        {
            throw Failure("getsockopt(XDP_STATISTICS)");
        }
        return new XskStatistics(stats.TxInvalidDescs, stats.TxRingEmptyDescs);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _fd.Dispose();
        Unmap(_cqMap, _cqMapLength);
        Unmap(_txMap, _txMapLength);
        Unmap(_umem, _umemLength);
    }

    /// <summary>Takes every completion the kernel published; the addresses need no reading, frames complete in order.</summary>
    private ulong Reclaim()
    {
        var producer = Volatile.Read(ref *_cqProducer);
        var consumer = *_cqConsumer;
        if (producer == consumer)
        {
            return 0;
        }
        Volatile.Write(ref *_cqConsumer, producer);
        return producer - consumer;
    }

    /// <summary>An empty sendto: the kernel transmits the TX ring. 1 when refused for now, else 0.</summary>
    private static ulong Kick(int fd)
    {
        if (Interop.Xsk.SendTo(fd, 0, 0, Interop.Xsk.MsgDontWait, 0, 0) >= 0)
        {
            return 0;
        }
        var errno = Marshal.GetLastPInvokeError();
        return (Errno)errno is EAGAIN or EBUSY or ENOBUFS ? 1ul : throw Failure("sendto (TX kick)", errno);
    }

    private static void SetOption(int fd, int name, void* value, uint length, string what)
    {
        if (Interop.Xsk.SetSockOpt(fd, Interop.Xsk.SolXdp, name, value, length) != 0)
        {
            throw Failure($"setsockopt({what})");
        }
    }

    private static nint MapRing(int fd, nuint length, long offset, string what)
    {
        var map = Interop.Mmap.MapReadWrite(length, Interop.Mmap.MapFlags.Shared | Interop.Mmap.MapFlags.Populate, fd, offset);
        return map != Interop.Mmap.MapFailed ? map : throw Failure($"mmap of the {what} ({length} bytes)");
    }

    private static void Unmap(nint address, nuint length)
    {
        if (address != Interop.Mmap.MapFailed)
        {
            Interop.Mmap.Unmap(address, length);
        }
    }

    private static InvalidOperationException Failure(string what) => Failure(what, Marshal.GetLastPInvokeError());

    private static InvalidOperationException Failure(string what, int errno) =>
        new($"AF_XDP: {what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
}
