namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// The connection table (bpf/lib/flowtab.h) under round robin, where a flow that lost its entry
/// would show on another real: flows placed in any of their three buckets are found there by the
/// data plane and by <see cref="FlowTable"/>; a table filled to three eighths of its slots keeps every
/// flow, also when its near buckets hold only a fraction of them; few flows in a table sized for
/// millions sit in its first 4 MiB; two CPUs pinning flows into the same buckets at once lose none
/// to a torn slot.
/// </summary>
public sealed class FlowTableTests
{
    private const int Slots = 4096;
    private static readonly DataPlaneOptions Small = new(Slots, FlowTimeouts.Default);

    [RootFact]
    public void ThreeEighthsFull_EveryFlowKeepsItsReal_FarBucketsUsed_FoundByTheController()
    {
        // 1,024 buckets, all of them near ones: a flow goes further only when its near bucket fills.
        var (p, flows, table) = FillThreeEighths(Slots);
        using var plane = p;
        var far = 0;
        foreach (var (client, port, _) in flows)
        {
            var key = AlgoPlane.Key(client, port);
            var (near, _, _) = table.Buckets(key);
            if (!InBucket(table, key, near))
            {
                far++;
                // The near bucket says so, or lookups would not search further.
                Assert.True(table.Map.TryLookup(near, out FlowBucket b) && b.Slot[0].Flow.BucketFlags.HasFlag(FlowBucketFlags.Overflow));
            }
        }
        Assert.InRange(far, 1, flows.Count / 4); // the near bucket takes most, the far ones those whose near was nearly full
    }

    [RootFact]
    public void ThreeEighthsOfAQuarterMillion_NearBucketsHoldAFraction_EveryFlowKeepsItsReal_BothFarBucketsUsed()
    {
        // 65,536 buckets, a quarter of them near ones: 98,304 flows, of which the near buckets can
        // hold at most 49,152 (three each), so most go to their far buckets, which still place every
        // one without evicting another.
        const int slots = 1 << 18;
        var (p, flows, table) = FillThreeEighths(slots);
        using var plane = p;
        int near = 0, far1 = 0, far2 = 0;
        foreach (var (client, port, _) in flows)
        {
            var key = AlgoPlane.Key(client, port);
            var b = table.Buckets(key);
            if (InBucket(table, key, b.Near))
            {
                near++;
                continue;
            }
            Assert.True(table.Map.TryLookup(b.Near, out FlowBucket n) && n.Slot[0].Flow.BucketFlags.HasFlag(FlowBucketFlags.Overflow));
            if (InBucket(table, key, b.Far1))
            {
                far1++;
                continue;
            }
            Assert.True(InBucket(table, key, b.Far2), $"{key} in none of its buckets");
            Assert.True(table.Map.TryLookup(b.Far1, out FlowBucket f) && f.Slot[0].Flow.BucketFlags.HasFlag(FlowBucketFlags.Overflow));
            far2++;
        }
        Assert.InRange(near, flows.Count / 4, AbiLimits.FlowNearBuckets * AbiLimits.FlowWays);
        Assert.True(far1 > far2 && far2 > 0, $"near {near}, first far {far1}, second far {far2}");
    }

    [RootFact]
    public void TenThousandFlowsInAMillionSlots_MostSitInTheFirstFourMiB_EveryOneFound()
    {
        // Near buckets lie among the table's first FlowNearBuckets: ten thousand flows share its
        // 1,024 pages instead of taking a page each across 64 MiB. Spread over the whole table, 1 in
        // 16 would sit there.
        const int slots = 1 << 20;
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1), new DataPlaneOptions(slots, FlowTimeouts.Default));
        var table = p.Plane.Dp.Flows;
        Assert.Equal(slots, table.MaxEntries);
        var flows = new List<(FlowKey Key, string Real)>();
        for (var i = 0; i < 10_000; i++)
        {
            var client = AlgoPlane.Client(i / 1000);
            var port = (ushort)(20000 + (i % 1000));
            flows.Add((AlgoPlane.Key(client, port), p.Send(client, port, TcpFlags.Ack)!));
        }

        var near = 0;
        for (var bucket = 0u; bucket < AbiLimits.FlowNearBuckets; bucket++)
        {
            Assert.True(table.Map.TryLookup(bucket, out FlowBucket b));
            for (var way = 0; way < AbiLimits.FlowWays; way++)
            {
                near += b.Slot[way].Empty ? 0 : 1;
            }
        }
        Assert.Equal(flows.Count, table.Entries().Count);
        Assert.All(flows, f => Assert.True(table.TryLookup(f.Key, out Flow _), $"{f.Key} not found by the controller"));
        // Those beyond the third of a near bucket go to a far one: a few percent.
        Assert.InRange(near, flows.Count * 90 / 100, flows.Count);
        var again = flows.Take(1000).Count(f => p.Send(f.Key.Source, f.Key.SourcePort, TcpFlags.Ack) != f.Real);
        Assert.Equal(0, again);
        Assert.Equal((ulong)flows.Count, p.Events(FlowEvent.New));
    }

    [RootFact]
    public void FlowsChurnThroughAMillionSlots_NearBucketsKeepTakingNewFlows()
    {
        // 30,000 flows at a time in 16,384 near buckets: a third of those buckets send a flow
        // further (and are marked for good) in the first round. Each round the flows expire and as
        // many new ones open; the near buckets keep taking them, so most stay near in every round.
        const int slots = 1 << 20, flows = 30_000;
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1), new DataPlaneOptions(slots, FlowTimeouts.Default));
        var table = p.Plane.Dp.Flows;
        for (var round = 0; round < 4; round++)
        {
            var opened = new List<(IPAddress Client, ushort Port, string Real)>();
            for (var i = 0; i < flows; i++)
            {
                var client = AlgoPlane.Client(i / 1000);
                var port = (ushort)(10000 + (round * 1000) + (i % 1000));
                opened.Add((client, port, p.Send(client, port, TcpFlags.Ack)!));
            }
            var near = opened.Count(f => { var key = AlgoPlane.Key(f.Client, f.Port); return InBucket(table, key, table.Buckets(key).Near); });
            Assert.True(near >= flows * 8 / 10, $"round {round}: {near} of {flows} flows in their near bucket");
            Assert.All(opened, f => Assert.Equal(f.Real, p.Send(f.Client, f.Port, TcpFlags.Ack)));
            foreach (var (client, port, _) in opened)
            {
                p.Age(client, port, TimeSpan.FromDays(1));
            }
        }
        Assert.Equal(0ul, p.Events(FlowEvent.Evicted));
        Assert.Equal(4ul * flows, p.Events(FlowEvent.New));
    }

    [RootFact]
    public void AFarFlowExpires_ItsNearBucketHasRoomAgain_ItTakesOverItsOwnSlot_NoSecondCopy()
    {
        // Three flows fill a near bucket, a fourth goes to its first far bucket. Once all four have
        // expired, the fourth's next packet re-pins it: over its own entry, not into the near bucket
        // that has room again, where a lookup would find the new copy and leave the old one stale.
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1), new DataPlaneOptions(1 << 20, FlowTimeouts.Default));
        var table = p.Plane.Dp.Flows;
        var first = AlgoPlane.Key(AlgoPlane.Client(0), 1024);
        var near = table.Buckets(first).Near;
        var same = Enumerable.Range(0, 250).SelectMany(c => Enumerable.Range(1024, 64512).Select(port => (Client: AlgoPlane.Client(c), Port: (ushort)port)))
            .Where(f => table.Buckets(AlgoPlane.Key(f.Client, f.Port)).Near == near).Take(4).ToList();
        Assert.Equal(4, same.Count);
        foreach (var (client, port) in same)
        {
            Assert.NotNull(p.Send(client, port, TcpFlags.Ack));
        }
        var far = AlgoPlane.Key(same[3].Client, same[3].Port);
        Assert.True(InBucket(table, far, table.Buckets(far).Far1), "the fourth flow did not go to its first far bucket");

        foreach (var (client, port) in same)
        {
            p.Age(client, port, TimeSpan.FromDays(1));
        }
        var expired = p.Events(FlowEvent.Expired);
        Assert.NotNull(p.Send(same[3].Client, same[3].Port, TcpFlags.Ack));
        Assert.Equal(expired + 1, p.Events(FlowEvent.Expired));
        Assert.True(InBucket(table, far, table.Buckets(far).Far1));
        Assert.False(InBucket(table, far, near));
        Assert.Single(table.Entries(), e => e.Key.Equals(far));
    }

    // A table of `slots` slots under round robin, filled to three eighths by the data plane: every
    // flow keeps its real, none was evicted, and the controller finds each.
    private static (AlgoPlane, List<(IPAddress Client, ushort Port, string Real)>, FlowTable) FillThreeEighths(int slots)
    {
        var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1), new DataPlaneOptions(slots, FlowTimeouts.Default));
        try
        {
            Assert.Equal(slots, p.Plane.Dp.Flows.MaxEntries);
            var flows = new List<(IPAddress Client, ushort Port, string Real)>();
            for (var i = 0; i < slots * 3 / 8; i++)
            {
                var client = AlgoPlane.Client(i / 1000);
                var port = (ushort)(20000 + (i % 1000));
                flows.Add((client, port, p.Send(client, port, TcpFlags.Ack)!));
            }

            var events = string.Join(", ", Enum.GetValues<FlowEvent>().Select(e => $"{e} {p.Events(e)}"));
            var moved = flows.Count(f => p.Send(f.Client, f.Port, TcpFlags.Ack) != f.Real);
            Assert.True(moved == 0, $"{moved} flows moved to another real; flow events: {events}");
            Assert.Equal(0ul, p.Events(FlowEvent.Evicted) + p.Events(FlowEvent.Full) + p.Events(FlowEvent.Busy));
            Assert.Equal((ulong)flows.Count, p.Events(FlowEvent.New));
            var table = p.Plane.Dp.Flows;
            foreach (var (client, port, _) in flows)
            {
                var key = AlgoPlane.Key(client, port);
                Assert.True(table.TryLookup(key, out Flow _), $"{key} not found by the controller");
            }
            Assert.Equal(flows.Count, table.Entries().Count);
            return (p, flows, table);
        }
        catch
        {
            p.Dispose();
            throw;
        }
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
