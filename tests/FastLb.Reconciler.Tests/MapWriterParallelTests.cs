// Many services' idle copies written at once, then flipped: every table holds exactly its ring, the idle copy the one before.
using static FastLb.Reconciler.Tests.DataPlaneReads;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class MapWriterParallelTests
{
    [RootFact]
    public void Apply_ManyServicesChangeTogether_ActiveCopiesHoldTheWholeBuild_IdleCopiesThePreviousRing()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var config = ManyServices.Build(40, 7);
        var random = new Random(7);
        var health = new FakeHealth();
        var ids = new IndexAllocator(AbiLimits.MaxServices, "service");
        var reals = new IndexAllocator(AbiLimits.MaxReals, "real");
        var cache = new PlanCache { RecycleRings = true };
        var all = config.Services.Select(s => s.Name).ToHashSet();
        var before = new Dictionary<uint, uint[]>();
        var patched = 0L;
        var flapsBack = 0;
        for (var step = 0; step < 25; step++)
        {
            ManyServices.Flip(health, config, random);
            var plan = Planner.Plan(config, health, ids, reals, cache, step == 0 ? null : all);
            var entries = writer.RingEntriesWritten;
            var expected = 0L;
            foreach (var s in plan.Services.Where(s => before.ContainsKey(s.Id) && !before[s.Id].AsSpan().SequenceEqual(s.Ring)))
            {
                // The idle copy gets the slots where the last ring changed and where this one changes (a slot
                // that changes back is in both); no idle table yet (a service's second write): the whole ring;
                // a flap back to the ring the idle copy holds: nothing, the entry just flips to it.
                var active = ServiceEntry(dp, s.Config).RingActive;
                var idle = RingTables.ReadCopy(dp.Rings, s.Id, (uint)(active ^ 1), s.Ring.Length);
                var held = RingCopy(dp, s.Id, active, s.Ring.Length);
                expected += idle is null ? s.Ring.Length
                    : idle.AsSpan().SequenceEqual(s.Ring) ? 0
                    : Enumerable.Range(0, s.Ring.Length).LongCount(i => idle[i] != held[i] || held[i] != s.Ring[i]);
                flapsBack += idle is not null && idle.AsSpan().SequenceEqual(s.Ring) ? 1 : 0;
            }
            writer.Apply(plan);
            foreach (var s in plan.Services)
            {
                var entry = ServiceEntry(dp, s.Config);
                Assert.Equal(ManyServices.WholeBuild(s), RingCopy(dp, s.Id, entry.RingActive, s.Ring.Length));
                if (before.TryGetValue(s.Id, out var last) && !last.AsSpan().SequenceEqual(s.Ring))
                {
                    Assert.Equal(last, RingCopy(dp, s.Id, (byte)(entry.RingActive ^ 1), s.Ring.Length));
                }
                before[s.Id] = s.Ring.ToArray();
            }
            if (step >= 3)
            {
                // Both copies known by now: exactly those slots were written, each once.
                Assert.Equal(expected, writer.RingEntriesWritten - entries);
                patched += expected;
            }
        }
        Assert.True(patched > 0, "no ring was patched");
        Assert.True(flapsBack > 0, "no ring flapped back");
    }
}
