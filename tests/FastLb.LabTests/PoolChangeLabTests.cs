// A pool changed under long-running connections: a real added, another removed, weights changed,
// while every held connection to a real that stays keeps answering from that real.
namespace FastLb.LabTests;

public sealed class PoolChangeLabTests(AlgorithmLab fx) : IClassFixture<AlgorithmLab>
{
    /// <param name="restart">The controller is pinned, exits after the first stage, and a new one adopts the
    /// running data plane with the changed pool: the change arrives with the adoption.</param>
    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RealsAddedRemovedReweighted_ConnectionsToRemainingRealsNeverBreak(bool restart)
    {
        const string keys = "    algorithm: weighted-round-robin\n";
        var pins = restart ? fx.Pins("poolchange") : null;
        var c = restart ? fx.StartPinned(pins!, keys, ("real1", 1), ("real2", 1)) : fx.Start(keys, ("real1", 1), ("real2", 1));
        var held = new List<HeldConnection>();
        var kept = new List<HeldConnection>(); // to reals that stay: pinged all along
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var rounds = 0;
        Task? pinger = null;
        try
        {
            for (var i = 0; i < 4; i++)
            {
                held.Add(await fx.HoldAsync());
            }
            Assert.Equal([2, 2], new[] { "real1", "real2" }.Select(r => held.Count(h => h.Real == r)));
            lock (kept)
            {
                kept.AddRange(held.Where(h => h.Real == "real1"));
            }
            pinger = Task.Run(() => PingAllAsync(kept, failures, () => Interlocked.Increment(ref rounds), stop.Token));
            await WaitRoundsAsync(() => Volatile.Read(ref rounds), 3);

            // real2 removed, real3 added, real1's weight 1 -> 3.
            if (restart)
            {
                c.Dispose();
                c = fx.StartPinned(pins!, keys, ("real1", 3), ("real3", 1));
                Assert.True(c.Adopted);
            }
            else
            {
                c.Reload(fx.Config(keys, ("real1", 3), ("real3", 1)));
            }
            await WaitRoundsAsync(() => Volatile.Read(ref rounds), 3);
            foreach (var gone in held.Where(h => h.Real == "real2"))
            {
                // Its flow is placed anew on a real that never saw the connection: it cannot answer as real2.
                await Assert.ThrowsAnyAsync<Exception>(gone.PingAsync);
            }
            var added = await HoldManyAsync(8);
            Assert.Equal([6, 2], new[] { "real1", "real3" }.Select(r => added.Count(h => h.Real == r)));
            lock (kept)
            {
                kept.AddRange(added);
            }
            held.AddRange(added);
            await WaitRoundsAsync(() => Volatile.Read(ref rounds), 3);

            // real2 back, real3's weight 1 -> 2, real1's 3 -> 1.
            c.Reload(fx.Config(keys, ("real1", 1), ("real2", 1), ("real3", 2)));
            await WaitRoundsAsync(() => Volatile.Read(ref rounds), 3);
            var after = await HoldManyAsync(8);
            held.AddRange(after);
            Assert.Equal([2, 2, 4], fx.Lab.RealNames.Select(r => after.Count(h => h.Real == r)));

            await stop.CancelAsync();
            await pinger;
            lock (failures)
            {
                Assert.Empty(failures);
            }
            Assert.Equal(10, kept.Count);
            foreach (var h in kept)
            {
                await h.PingAsync(); // each still on its first real
            }
        }
        finally
        {
            await stop.CancelAsync();
            if (pinger is not null)
            {
                await pinger;
            }
            held.ForEach(h => h.Dispose());
            c.Dispose();
            pins?.Remove();
        }
    }

    private async Task<List<HeldConnection>> HoldManyAsync(int count)
    {
        var list = new List<HeldConnection>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(await fx.HoldAsync());
        }
        return list;
    }

    /// <summary>Pings every kept connection in turn until stopped; a ping that fails is recorded, and its connection not pinged again.</summary>
    private static async Task PingAllAsync(List<HeldConnection> kept, List<string> failures, Action roundDone, CancellationToken ct)
    {
        var broken = new HashSet<HeldConnection>();
        while (!ct.IsCancellationRequested)
        {
            List<HeldConnection> now;
            lock (kept)
            {
                now = [.. kept];
            }
            foreach (var h in now.Where(h => !broken.Contains(h)))
            {
                try
                {
                    await h.PingAsync();
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                    broken.Add(h);
                    lock (failures)
                    {
                        failures.Add($"connection to {h.Real}: {e.Message}");
                    }
                }
            }
            roundDone();
        }
    }

    private static Task WaitRoundsAsync(Func<int> rounds, int more)
    {
        var target = rounds() + more;
        return AlgorithmLab.WaitForAsync(() => rounds() >= target, $"{more} ping rounds over the kept connections");
    }
}
