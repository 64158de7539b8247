// A ring derived for a new down set equals the ring built whole for it, and the changed slots it records are exactly the full diff.
using FastLb.Scheduling;
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

public sealed class MaglevRingTests
{
    public static TheoryData<int, bool> Pools() => new()
    {
        { 1, false }, { 2, false }, { 3, false }, { 1, true }, { 2, true }, { 3, true }, { 4, true }, { 5, true },
    };

    [Theory]
    [MemberData(nameof(Pools))]
    public void RandomDownSequence_ChangedSlotsEqualTheFullDiff_RingsEqualRingsBuiltWhole(int seed, bool recycle)
    {
        var random = new Random(seed);
        var count = 2 + random.Next(40);
        int[] sizes = [251, 1021, 65537];
        var size = sizes[random.Next(sizes.Length)];
        var backends = Enumerable.Range(0, count).Select(i => new RealConfig($"b{i}", IPAddress.Parse($"192.0.2.{1 + i}"), (ushort)(8000 + random.Next(100)), null, 1 + random.Next(4), null)).ToArray();
        var repair = new MaglevRepair([.. backends.Select(b => new MaglevBackend(b.Endpoint, b.Weight))], size);
        var indices = Enumerable.Range(0, count).Select(i => (uint)(100 + i)).ToArray();
        var ring = MaglevRing.Create(repair, backends, indices, new bool[count], recycle);
        var down = new bool[count];
        for (var step = 0; step < 40; step++)
        {
            // One or a few flips, now and then a flap straight back (the recycled array's shortcut).
            var flips = random.Next(4) == 0 ? 1 + random.Next(count) : 1;
            for (var f = 0; f < flips; f++)
            {
                var b = random.Next(count);
                down[b] = !down[b];
            }
            var before = ring.Ring.ToArray();
            var next = ring.With([.. down]);
            Assert.Equal(before, ring.Ring); // the ring a writer holds is never written
            Assert.Equal(MaglevRing.Create(repair, backends, indices, [.. down]).Ring, next.Ring);
            if (ReferenceEquals(next, ring))
            {
                continue;
            }
            Assert.NotSame(ring.Ring, next.Ring);
            Assert.Same(ring.Ring, next.Changes!.From);
            var diff = Enumerable.Range(0, size).Where(s => before[s] != next.Ring[s]).ToArray();
            Assert.Equal(diff, next.Changes.Slots);
            ring = next;
        }
    }

    [Fact]
    public void Recycling_ReusesTheArrayOfTwoTransitionsBack_WithoutIt_NeverWritesAHandedOutRing()
    {
        var backends = Enumerable.Range(0, 5).Select(i => new RealConfig($"b{i}", IPAddress.Parse($"192.0.2.{1 + i}"), 80, null, 1, null)).ToArray();
        var repair = new MaglevRepair([.. backends.Select(b => new MaglevBackend(b.Endpoint, b.Weight))], 1021);
        uint[] indices = [1, 2, 3, 4, 5];
        foreach (var recycle in new[] { false, true })
        {
            var r0 = MaglevRing.Create(repair, backends, indices, new bool[5], recycle);
            var first = r0.Ring.ToArray();
            var r1 = r0.With([false, true, false, false, false]);
            var r2 = r1.With([false, true, true, false, false]);
            Assert.Equal(recycle, ReferenceEquals(r0.Ring, r2.Ring));
            Assert.Equal(MaglevRing.Create(repair, backends, indices, [false, true, true, false, false]).Ring, r2.Ring);
            if (!recycle)
            {
                Assert.Equal(first, r0.Ring);
            }
        }
    }

    [Fact]
    public void ForgetSpare_NextRingIsANewArray()
    {
        var backends = Enumerable.Range(0, 4).Select(i => new RealConfig($"b{i}", IPAddress.Parse($"192.0.2.{1 + i}"), 80, null, 1, null)).ToArray();
        var repair = new MaglevRepair([.. backends.Select(b => new MaglevBackend(b.Endpoint, b.Weight))], 251);
        uint[] indices = [1, 2, 3, 4];
        var r0 = MaglevRing.Create(repair, backends, indices, new bool[4], recycle: true);
        var r1 = r0.With([true, false, false, false]);
        r1.ForgetSpare();
        var r2 = r1.With([false, false, false, false]);
        Assert.NotSame(r0.Ring, r2.Ring);
        Assert.Equal(r0.Ring, r2.Ring);
    }

    [Fact]
    public void Planner_RingChangesAreTheFullDiffFromThePreviousPlan_WithTheControllersRecyclingCache()
    {
        var web = new S("web", 10, 1009, [.. Enumerable.Range(1, 12).Select(i => new R($"r{i}", 10 + i, 1 + (i % 3)))]);
        var api = new S("api", 11, 251, [new("a1", 41), new("a2", 42), new("r3", 13)], Port: 81);
        var config = Build(web, api);
        var health = new FakeHealth();
        var ids = new IndexAllocator(64, "service");
        var reals = new IndexAllocator(4096, "real");
        var cache = new PlanCache { RecycleRings = true };
        var plan = Planner.Plan(config, health, ids, reals, cache, null);
        var random = new Random(11);
        var derived = 0;
        for (var step = 0; step < 50; step++)
        {
            var previous = plan.Services.Select(s => (s.Ring, Copy: s.Ring.ToArray())).ToArray();
            var name = random.Next(3) == 0 ? $"a{1 + random.Next(2)}" : $"r{1 + random.Next(12)}";
            health.Set(name, random.Next(2) == 0 ? HealthState.Down : HealthState.Up);
            plan = Planner.Plan(config, health, ids, reals, cache, new HashSet<string> { "web", "api" });
            Assert.Equal(Planner.Plan(config, health, ids, reals).Services.Select(s => s.Ring), plan.Services.Select(s => s.Ring));
            for (var i = 0; i < plan.Services.Count; i++)
            {
                var (ring, copy) = previous[i];
                Assert.Equal(copy, ring); // the previous plan's ring (the one a writer holds) is intact
                var now = plan.Services[i];
                if (now.RingChanges is { } changes)
                {
                    Assert.Same(ring, changes.From);
                    Assert.Equal(Enumerable.Range(0, copy.Length).Where(s => copy[s] != now.Ring[s]), changes.Slots);
                }
                derived += now.RingChanges is null ? 0 : 1;
            }
        }
        Assert.True(derived > 20, $"only {derived} rings came with their changed slots");
    }
}
