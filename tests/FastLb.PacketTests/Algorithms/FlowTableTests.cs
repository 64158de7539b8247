namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// The connection table (bpf/lib/flowtab.h) under round robin, where a flow that lost its entry
/// would show on another real: flows placed in either of their buckets are found there by the
/// data plane and by <see cref="FlowTable"/>; a table filled to three eighths of its slots keeps every flow;
/// two CPUs pinning flows into the same buckets at once lose none to a torn slot.
/// </summary>
public sealed class FlowTableTests
{
    private const int Slots = 4096;
    private static readonly DataPlaneOptions Small = new(Slots, FlowTimeouts.Default);

    [RootFact]
    public void ThreeEighthsFull_EveryFlowKeepsItsReal_BothBucketsUsed_FoundByTheController()
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1), Small);
        Assert.Equal(Slots, p.Plane.Dp.Flows.MaxEntries);
        var flows = new List<(IPAddress Client, ushort Port, string Real)>();
        for (var i = 0; i < Slots * 3 / 8; i++)
        {
            var client = AlgoPlane.Client(i / 1000);
            var port = (ushort)(20000 + (i % 1000));
            flows.Add((client, port, p.Send(client, port, TcpFlags.Ack)!));
        }

        foreach (var (client, port, real) in flows)
        {
            Assert.Equal(real, p.Send(client, port, TcpFlags.Ack));
        }
        Assert.Equal(0ul, p.Events(FlowEvent.Evicted) + p.Events(FlowEvent.Full) + p.Events(FlowEvent.Busy));
        Assert.Equal((ulong)flows.Count, p.Events(FlowEvent.New));

        var table = p.Plane.Dp.Flows;
        var second = 0;
        foreach (var (client, port, _) in flows)
        {
            var key = AlgoPlane.Key(client, port);
            Assert.True(table.TryLookup(key, out Flow _), $"{key} not found by the controller");
            var (first, other) = table.Buckets(key);
            if (first != other && !InBucket(table, key, first))
            {
                second++;
                // The first bucket says so, or lookups would not search the second.
                Assert.True(table.Map.TryLookup(first, out FlowBucket b) && b.Slot[0].Flow.BucketFlags.HasFlag(FlowBucketFlags.Overflow));
            }
        }
        Assert.Equal(flows.Count, table.Entries().Count);
        Assert.InRange(second, 1, flows.Count / 4); // the first bucket takes most, the second those whose first was nearly full
    }

    [RootFact]
    public void TwoCpusPinningIntoSharedBuckets_NoFlowLosesItsReal()
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1), new DataPlaneOptions(1024, FlowTimeouts.Default));
        // 2 × 150 flows in 256 buckets: most buckets are written by both threads, over and over.
        var results = new (IPAddress, ushort, string?)[2][];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
        {
            var mine = new List<(IPAddress, ushort, string?)>();
            for (var i = 0; i < 150; i++)
            {
                var client = AlgoPlane.Client(10 + t);
                var port = (ushort)(30000 + i);
                var real = p.Send(client, port, TcpFlags.Ack);
                for (var again = 0; again < 20; again++)
                {
                    if (p.Send(client, port, TcpFlags.Ack) != real)
                    {
                        real = null; // the flow moved: its entry was lost or torn
                    }
                }
                mine.Add((client, port, real));
            }
            results[t] = [.. mine];
        });

        var busy = p.Events(FlowEvent.Busy);
        var moved = results.SelectMany(r => r).Count(r => r.Item3 is null);
        Assert.True(moved <= (int)busy, $"{moved} flows moved with only {busy} busy slots to explain them");
        Assert.Equal(0ul, p.Events(FlowEvent.Evicted));
    }

    private static bool InBucket(FlowTable table, FlowKey key, uint bucket)
    {
        return table.Map.TryLookup(bucket, out FlowBucket b) && Enumerable.Range(0, AbiLimits.FlowWays).Any(w =>
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<FlowKey>(in b.Slot[w].Key))
                .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<FlowKey>(in key))));
    }
}
