using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using FastLb.Interop.Bpf;
using FastLb.Interop.Xsk;
using FastLb.Lab;
using FastLb.Testing;
using FastLb.Wire;
using Xunit;

namespace FastLb.Interop.Tests.Xsk;

/// <summary>The AF_XDP sender on a veth: what it says it sent is what an XDP counter on the peer saw.</summary>
public sealed class XskSenderTests
{
    private const int FrameLength = 118;

    [RootFact]
    public void Send_VethInCopyMode_PeerCountsExactlyTheFramesSentAndNothingIsAllocated()
    {
        Privileges.RequireRoot();
        using var lab = NamespacePair.Create();
        using var sink = BpfObject.Open(NativePaths.BpfObject("bench_sink"));
        sink.Load();
        using var attached = lab.Second.Namespace.Run(() => sink.Program("bench_sink").AttachXdp(lab.Second.IfIndex(lab.SecondInterface)));
        using var sender = lab.First.Namespace.Run(() => XskSender.Open(lab.First.IfIndex(lab.FirstInterface), frames: 256, ringSize: 256, batch: 32));
        var template = Template();
        for (var i = 0; i < sender.FrameCount; i++)
        {
            template.CopyTo(sender.Frame(i));
        }
        XskFrameWriter stamp = static (frame, sequence) => BinaryPrimitives.WriteUInt16BigEndian(frame.Slice(34, 2), (ushort)(10000 + sequence % 50000));

        // A first small send warms every path (P/Invoke stubs, tiering) before allocations are counted.
        var warm = sender.Send(10, FrameLength, stamp);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = sender.Send(5000, FrameLength, stamp);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(new XskSendResult(10, 10, warm.Kicks, warm.BusyKicks), warm);
        Assert.Equal(5000ul, result.Queued);
        Assert.Equal(5000ul, result.Completed);
        Assert.Equal(0, allocated);
        Assert.Equal(new XskStatistics(0, sender.Statistics().TxRingEmptyDescriptors), sender.Statistics());
        var (packets, bytes) = WaitForCount(sink, 5010);
        Assert.Equal(5010ul, packets);
        Assert.Equal(5010ul * FrameLength, bytes);
    }

    [RootFact]
    public void Send_FrameLongerThanAChunk_RefusedAndNothingSent()
    {
        Privileges.RequireRoot();
        using var lab = NamespacePair.Create();
        using var sink = BpfObject.Open(NativePaths.BpfObject("bench_sink"));
        sink.Load();
        using var attached = lab.Second.Namespace.Run(() => sink.Program("bench_sink").AttachXdp(lab.Second.IfIndex(lab.SecondInterface)));
        using var sender = lab.First.Namespace.Run(() => XskSender.Open(lab.First.IfIndex(lab.FirstInterface), frames: 64, ringSize: 64));
        for (var i = 0; i < 3; i++)
        {
            Template().CopyTo(sender.Frame(i));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => sender.Send(10, sender.FrameSize + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.Send(10, 13));
        var result = sender.Send(3, FrameLength);

        Assert.Equal((3ul, 3ul), (result.Queued, result.Completed));
        Assert.Equal((3ul, 3ul * FrameLength), WaitForCount(sink, 3));
    }

    [RootFact]
    public void Open_NoSuchInterface_FailsNamingTheBind()
    {
        Privileges.RequireRoot();
        using var lab = NamespacePair.Create();

        var error = Assert.Throws<InvalidOperationException>(() => lab.First.Namespace.Run(() => XskSender.Open(999_999)));

        Assert.Contains("bind to ifindex 999999 queue 0 (XDP_COPY) failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RingSmallerThanUmem_Refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => XskSender.Open(1, frames: 128, ringSize: 64));

        Assert.Equal("ringSize", error.ParamName);
    }

    /// <summary>A client's 118-byte TCP segment to a VIP; the sender stamps its source port.</summary>
    private static byte[] Template()
    {
        var frame = Frame.Ethernet("02:00:00:00:00:10", "02:00:00:00:00:02").IPv4("198.51.100.10", "203.0.113.10")
            .Tcp(40000, 80, TcpFlags.Ack, payload: new byte[64]).Build();
        Assert.Equal(FrameLength, frame.Length);
        return frame;
    }

    /// <summary>Polls the sink's per-CPU counter until it reaches <paramref name="expected"/> or 5 s pass; returns the last reading.</summary>
    private static (ulong Packets, ulong Bytes) WaitForCount(BpfObject sink, ulong expected)
    {
        var map = sink.Map("bench_sink_count");
        var deadline = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
        (ulong, ulong) reading;
        do
        {
            ulong packets = 0, bytes = 0;
            foreach (var c in map.LookupPerCpu<uint, SinkCount>(0))
            {
                packets += c.Packets;
                bytes += c.Bytes;
            }
            reading = (packets, bytes);
            if (packets >= expected)
            {
                return reading;
            }
            Thread.Yield();
        }
        while (Stopwatch.GetTimestamp() < deadline);
        return reading;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SinkCount
    {
        public ulong Packets;
        public ulong Bytes;
    }
}
