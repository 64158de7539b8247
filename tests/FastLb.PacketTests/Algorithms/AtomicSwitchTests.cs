namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// Table switches are atomic: one thread sends new flows through the program without pause while the
/// controller rewrites the service to a disjoint pool, twenty times. Every packet reaches a real of a
/// pool that was live at some moment while it ran (the pool before the rewrite in progress or after
/// it), and none is dropped for want of a real. The growth cases make each rewrite outgrow the idle
/// copy's table (a ring-size change, a weighted round-robin sequence growing past a page of slots),
/// so the controller swaps a new inner table in under load.
/// </summary>
public sealed class AtomicSwitchTests
{
    private const int Pools = 20;

    public static TheoryData<string> Algorithms => new() { "maglev", "round-robin", "weighted-round-robin", "least-connections", "hash", "sticky" };

    [RootTheory]
    [MemberData(nameof(Algorithms))]
    public void RewritesUnderLoad_EveryPacketOnTheOldOrTheNewPool(string algorithm)
    {
        var keys = $"    algorithm: {algorithm}\n    ring-size: 251\n";
        Hammer(_ => keys, k => Pool(k, 3));
    }

    [RootFact]
    public void RingSizeGrowsUnderLoad_NewTablesSwappedIn_EveryPacketOnTheOldOrTheNewPool()
    {
        // 251 slots fit a page; 2053 and 4099 need new tables, each larger than the last.
        int[] sizes = [251, 2053, 4099];
        var tables = Hammer(k => $"    algorithm: maglev\n    ring-size: {sizes[Math.Min(k / 7, 2)]}\n", k => Pool(k, 3));
        Assert.True(tables >= 3, $"{tables} tables created");
    }

    [RootFact]
    public void RoundRobinSequenceGrowsUnderLoad_NewTablesSwappedIn_EveryPacketOnTheOldOrTheNewPool()
    {
        // Pool k weighs 1, 2 and 3 + 150 k: a sequence of 6 + 150 k slots, past 1024 (a page) from k = 7 on.
        var tables = Hammer(_ => "    algorithm: weighted-round-robin\n", k => Pool(k, 3 + (150 * k)));
        Assert.True(tables >= 4, $"{tables} tables created");
    }

    /// <summary>Rewrites pool 1..Pools under a stream of new flows; returns how many tables the rewrites created.</summary>
    private static long Hammer(Func<int, string> keysOf, Func<int, string> pool)
    {
        using var p = new AlgoPlane(keysOf(0), pool(0));
        var createdBefore = p.Plane.Dp.RingTables.Created;
        var started = 0; // pools whose write has begun
        var completed = 0; // pools fully written
        var done = 0;
        var failures = new List<string>();
        var sent = 0;

        var sender = new Thread(() =>
        {
            var port = 0;
            while (Volatile.Read(ref done) == 0)
            {
                var before = Volatile.Read(ref completed);
                var client = new IPAddress(new byte[] { 198, 51, 100, (byte)(1 + (port / 60000)) });
                var frame = Frame.Ethernet(AlgoPlane.ClientMac, AlgoPlane.Lb).IPv4(client, AlgoPlane.Vip).Tcp((ushort)(1024 + (port % 60000)), 80, TcpFlags.Syn).Build();
                port = (port + 1) % 240000;
                var (verdict, output) = p.Plane.Run(frame);
                var after = Volatile.Read(ref started);
                sent++;
                if (verdict != XdpAction.Tx)
                {
                    failures.Add($"{verdict} between pools {before} and {after}");
                    continue;
                }
                var pool = PoolOf(MacAddress.Read(output).ToString());
                if (pool < before || pool > after)
                {
                    failures.Add($"real of pool {pool} while pools {before}..{after} were live");
                }
            }
        });
        sender.Start();
        try
        {
            for (var k = 1; k <= Pools; k++)
            {
                var reached = Volatile.Read(ref sent);
                Volatile.Write(ref started, k);
                p.Apply(keysOf(k), pool(k));
                Volatile.Write(ref completed, k);
                // Let some packets run against each pool before the next rewrite (bounded wait, no sleep on an event).
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (Volatile.Read(ref sent) < reached + 200 && DateTime.UtcNow < deadline)
                {
                    Thread.Yield();
                }
            }
        }
        finally
        {
            Volatile.Write(ref done, 1);
            sender.Join();
        }

        Assert.True(sent >= Pools * 200, $"only {sent} packets sent");
        Assert.Empty(failures.Take(10));
        return p.Plane.Dp.RingTables.Created - createdBefore;
    }

    // Pool k: reals with MAC 02:00:00:00:k:01 .. 03 (weights 1, 2, heaviest), addresses 192.0.2.(3k+1..3k+3).
    private static string Pool(int k, int heaviest) => string.Concat(Enumerable.Range(1, 3).Select(i =>
        $"      - {{name: p{k}r{i}, address: 192.0.2.{(3 * k) + i}, mac: \"02:00:00:00:{k:x2}:{i:x2}\", weight: {(i == 3 ? heaviest : i)}}}\n"));

    private static int PoolOf(string mac) => Convert.ToInt32(mac[12..14], 16);
}
