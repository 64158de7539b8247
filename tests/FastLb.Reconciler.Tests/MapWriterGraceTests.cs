// The switch protocol's ordering against the real maps: flip every service, one grace period, then clear.
using static FastLb.Reconciler.Tests.Configs;
using static FastLb.Reconciler.Tests.DataPlaneReads;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class MapWriterGraceTests
{
    // Both services' pools replaced by disjoint ones: every old real is removed.
    private static readonly S WebNext = Web with { Reals = [new("n1", 31), new("n2", 32), new("n3", 33)] };
    private static readonly S DnsNext = DnsService with { Reals = [new("e1", 41), new("e2", 42)] };

    [RootFact]
    public void Apply_RemovesReals_EveryServiceFlipsBeforeOneGracePeriod_OldTablesStillFindTheirRealsUp()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var planner = new TestPlanner();
        var writer = new MapWriter(dp);
        var before = planner.Plan(Build(Web, DnsService));
        writer.Apply(before);
        var after = planner.Plan(Build(WebNext, DnsNext));
        var waits = dp.Grace.Waits;
        var checkedAtWait = 0;
        dp.Grace.Waiting += () =>
        {
            foreach (var old in before.Services)
            {
                // Flipped: the live copy holds the new ring...
                var entry = ServiceEntry(dp, old.Config);
                var next = after.Services.Single(s => s.Id == old.Id);
                Assert.Equal(next.Ring, RingCopy(dp, old.Id, entry.RingActive, next.Ring.Length));
                // ...and a program that read the entry before the flip, still picking from the old copy, finds its real as it was.
                foreach (var index in RingCopy(dp, old.Id, (byte)(entry.RingActive ^ 1), old.Ring.Length).Distinct())
                {
                    var real = RealEntry(dp, index);
                    var planned = old.Reals.Single(r => r.Index == index);
                    Assert.True(real.Flags.HasFlag(RealFlags.Up), $"real {planned.Real.Name} cleared before the grace period");
                    Assert.Equal(planned.Real.Address, real.Address);
                    Assert.Equal(planned.Generation, real.Gen);
                }
            }
            checkedAtWait++;
        };
        writer.Apply(after);

        Assert.Equal(1, checkedAtWait);
        Assert.Equal(waits + 1, dp.Grace.Waits); // one per write, not one per service
        foreach (var gone in before.Reals)
        {
            Assert.False(RealEntry(dp, gone.Index).Flags.HasFlag(RealFlags.Up), $"removed real {gone.Real.Name} still up");
        }
        Assert.All(after.Reals, r => Assert.True(RealEntry(dp, r.Index).Flags.HasFlag(RealFlags.Up)));
    }

    [RootFact]
    public void Apply_HealthChangeOnly_WaitsForNoGracePeriod()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var planner = new TestPlanner();
        var writer = new MapWriter(dp);
        writer.Apply(planner.Plan(Build(Web, DnsService)));
        var waits = dp.Grace.Waits;
        var down = planner.Plan(Build(Web, DnsService), new FakeHealth().Set("r1", HealthState.Down).Set("d2", HealthState.Down));
        writer.Apply(down);
        writer.Apply(planner.Plan(Build(Web, DnsService)));

        Assert.Equal(waits, dp.Grace.Waits);
        Assert.Equal(1, ServiceEntry(dp, down.Services[0].Config).RingActive ^ 1); // flipped down and back up: copy 0 again
    }

    [RootFact]
    public void Apply_IndexReusedInTheSameWrite_OldRealStaysUntilTheGracePeriod_FlippedTableNamesNeitherMeanwhile()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        // Room for three reals only: the new pool fits only in the old pool's indices, freed and reused in one write.
        var planner = new TestPlanner(reals: 3);
        var writer = new MapWriter(dp);
        var before = planner.Plan(Build(Web));
        writer.Apply(before);
        var after = planner.Plan(Build(WebNext));
        var web = after.Services.Single();
        Assert.Equal(before.Reals.Select(r => r.Index).Order(), after.Reals.Select(r => r.Index).Order());
        var waits = dp.Grace.Waits;
        var checkedAtWait = 0;
        dp.Grace.Waiting += () =>
        {
            var entry = ServiceEntry(dp, web.Config);
            Assert.All(RingCopy(dp, web.Id, entry.RingActive, web.Ring.Length), slot => Assert.Equal(AbiLimits.NoReal, slot));
            foreach (var old in before.Reals)
            {
                var real = RealEntry(dp, old.Index);
                Assert.Equal(old.Real.Address, real.Address);
                Assert.True(real.Flags.HasFlag(RealFlags.Up));
            }
            checkedAtWait++;
        };
        writer.Apply(after);

        Assert.Equal(1, checkedAtWait);
        Assert.Equal(waits + 1, dp.Grace.Waits);
        Assert.Equal(web.Ring, RingCopy(dp, web.Id, ServiceEntry(dp, web.Config).RingActive, web.Ring.Length));
        foreach (var now in after.Reals)
        {
            var real = RealEntry(dp, now.Index);
            Assert.Equal(now.Real.Address, real.Address);
            Assert.Equal(now.Generation, real.Gen);
            Assert.True(real.Flags.HasFlag(RealFlags.Up));
        }
    }
}
