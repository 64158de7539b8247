// Incremental planning: a cached plan equals a plan from scratch, and redoes only what its inputs changed.
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

public sealed class PlanCacheTests
{
    private readonly IndexAllocator _ids = new(64, "service");
    private readonly IndexAllocator _reals = new(4096, "real");
    private readonly PlanCache _cache = new();

    private static readonly S Web = new("web", 10, 1009, [.. Enumerable.Range(1, 12).Select(i => new R($"r{i}", 10 + i, 1 + (i % 3)))], BackupOctet: 99);
    private static readonly S Api = new("api", 11, 251, [new("a1", 41), new("a2", 42), new("r3", 13)], Port: 81);

    private DataPlanePlan Cached(FastLbConfig config, IHealthView health, params string[] dirty) =>
        Planner.Plan(config, health, _ids, _reals, _cache, dirty.Length == 0 ? null : dirty.ToHashSet());

    // The same allocators (so the same indices) but nothing cached: every table built from scratch.
    private DataPlanePlan Scratch(FastLbConfig config, IHealthView health) => Planner.Plan(config, health, _ids, _reals);

    [Fact]
    public void HealthSequence_CachedRingsEqualRingsBuiltFromScratch()
    {
        var config = Build(Web, Api);
        var health = new FakeHealth();
        Cached(config, health);
        var random = new Random(7);
        for (var step = 0; step < 60; step++)
        {
            var name = random.Next(3) == 0 ? $"a{1 + random.Next(2)}" : $"r{1 + random.Next(12)}";
            health.Set(name, random.Next(2) == 0 ? HealthState.Down : HealthState.Up);
            var cached = Cached(config, health, "web", "api");
            var scratch = Scratch(config, health);
            Assert.Equal(scratch.Services.Select(s => s.Ring), cached.Services.Select(s => s.Ring));
            Assert.Equal(scratch.Services.Select(s => s.Reals), cached.Services.Select(s => s.Reals));
        }
    }

    [Fact]
    public void AllDownThenBack_BackupTakesOver_ThenTheRepairedRingReturns()
    {
        var config = Build(Web);
        var health = new FakeHealth();
        var before = Cached(config, health).Services[0].Ring;
        foreach (var r in Web.Reals)
        {
            health.Set(r.Name, HealthState.Down);
        }
        Assert.True(Cached(config, health, "web").Services[0].OnBackup);
        foreach (var r in Web.Reals)
        {
            health.Set(r.Name, HealthState.Up);
        }
        Assert.Equal(before, Cached(config, health, "web").Services[0].Ring);
    }

    [Fact]
    public void Transition_OnlyTheDirtyServiceIsReplanned_OthersKeepTheirObjects()
    {
        var config = Build(Web, Api);
        var health = new CountingHealth(new FakeHealth());
        var first = Cached(config, health);
        health.Asked = 0;
        health.Inner.Set("a1", HealthState.Down);

        var next = Cached(config, health, "api");

        Assert.Same(first.Services[0], next.Services[0]);
        Assert.NotSame(first.Services[1], next.Services[1]);
        Assert.Equal(Api.Reals.Count, health.Asked); // web's reals were not asked about
        Assert.DoesNotContain(next.Services[1].Reals.Single(r => r.Real.Name == "a1").Index, next.Services[1].Ring);
    }

    [Fact]
    public void Transition_RepairsTheRing_NoMaglevBuild()
    {
        var config = Build(Web, Api);
        var health = new FakeHealth();
        Cached(config, health);
        var builds = _cache.MaglevBuilds;
        health.Set("r3", HealthState.Down);
        Cached(config, health, "web", "api");
        Assert.Equal(builds, _cache.MaglevBuilds);
    }

    [Fact]
    public void ReloadOfAnEqualConfig_SameRingObjects()
    {
        var health = new FakeHealth().Set("r2", HealthState.Down);
        var first = Cached(Build(Web, Api), health);
        var builds = _cache.MaglevBuilds;

        var reloaded = Cached(Build(Web, Api), health); // parsed again: equal, not the same objects

        Assert.Equal(first.Services.Select(s => s.Ring), reloaded.Services.Select(s => s.Ring), ReferenceEqualityComparer.Instance);
        Assert.Equal(builds, _cache.MaglevBuilds);
    }

    [Fact]
    public void ReloadChangingOneService_RebuildsOnlyIt()
    {
        var health = new FakeHealth();
        var first = Cached(Build(Web, Api), health);
        var builds = _cache.MaglevBuilds;

        var next = Cached(Build(Web, Api with { Reals = [.. Api.Reals, new R("a4", 44)] }), health);

        Assert.Same(first.Services[0].Ring, next.Services[0].Ring);
        Assert.NotSame(first.Services[1].Ring, next.Services[1].Ring);
        Assert.Equal(builds + 1, _cache.MaglevBuilds);
        Assert.Equal(Scratch(Build(Web, Api with { Reals = [.. Api.Reals, new R("a4", 44)] }), health).Services[1].Ring, next.Services[1].Ring);
    }

    [Fact]
    public void ReloadAsAnEmptyDirtySet_EqualServicesKept_OnlyTheChangedOneAsksHealth()
    {
        var health = new CountingHealth(new FakeHealth());
        var first = Planner.Plan(Build(Web, Api), health, _ids, _reals, _cache, null);
        health.Asked = 0;

        var next = Planner.Plan(Build(Web, Api with { Reals = [.. Api.Reals, new R("a4", 44)] }), health, _ids, _reals, _cache, new HashSet<string>());

        Assert.Same(first.Services[0], next.Services[0]);
        Assert.Equal(Api.Reals.Count + 1, health.Asked);
        Assert.Contains(next.Services[1].Reals.Single(r => r.Real.Name == "a4").Index, next.Services[1].Ring);
    }

    [Fact]
    public void ServicesWithTheSameReals_ShareOneMaglevBuild()
    {
        Cached(Many(8, 10, 8000), new FakeHealth());
        Assert.Equal(8, _cache.MaglevBuilds); // each service's reals listen on its own port: 8 different pools

        var shared = Many(8, 10, 8000);
        shared = shared with { Services = [.. shared.Services.Select(s => s with { Reals = [.. s.Reals.Select(r => r with { Port = 9000 })] })] };
        var cache = new PlanCache();
        Planner.Plan(shared, new FakeHealth(), new IndexAllocator(64, "service"), new IndexAllocator(4096, "real"), cache, null);
        Assert.Equal(1, cache.MaglevBuilds);
    }

    private sealed class CountingHealth(FakeHealth inner) : IHealthView
    {
        public FakeHealth Inner => inner;

        public int Asked { get; set; }

        public HealthState? StateOf(ServiceConfig service, RealConfig real)
        {
            Asked++;
            return inner.StateOf(service, real);
        }
    }
}
