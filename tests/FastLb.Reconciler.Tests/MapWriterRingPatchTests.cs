// Ring writes after health changes: only the slots where the idle copy differs, and both copies exact afterwards.
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class MapWriterRingPatchTests
{
    private static readonly S Web = new("web", 10, 1009, [.. Enumerable.Range(1, 10).Select(i => new R($"r{i}", 10 + i))]);

    private readonly IndexAllocator _ids = new(AbiLimits.MaxServices, "service");
    private readonly IndexAllocator _reals = new(AbiLimits.MaxReals, "real");
    private readonly PlanCache _cache = new();

    private PlannedService Plan(FastLbConfig config, IHealthView health) =>
        Planner.Plan(config, health, _ids, _reals, _cache, new HashSet<string> { "web" }).Services[0];

    private static uint[] ReadRing(DataPlane dp, uint id, byte copy, int size) =>
        RingTables.ReadCopy(dp.Rings, id, copy, size) ?? throw new InvalidOperationException("no table");

    [RootFact]
    public void HealthChanges_WriteOnlyTheSlotsThatDiffer_BothCopiesHoldTheirRings()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var config = Build(Web);
        var health = new FakeHealth();
        var rings = new List<uint[]>();
        var written = new List<long>();
        foreach (var (real, state) in new[] { ("r1", HealthState.Up), ("r2", HealthState.Down), ("r2", HealthState.Up), ("r3", HealthState.Down), ("r4", HealthState.Down) })
        {
            health.Set(real, state);
            var planned = Plan(config, health);
            var before = writer.RingEntriesWritten;
            writer.Apply(new DataPlanePlan([planned]));
            written.Add(writer.RingEntriesWritten - before);
            rings.Add(planned.Ring);
            Assert.True(dp.Services.TryLookup(VipKey.Create(planned.Config.Vip, 80, 6), out Service entry));
            Assert.Equal(planned.Ring, ReadRing(dp, planned.Id, entry.RingActive, 1009));
            if (rings.Count > 1)
            {
                Assert.Equal(rings[^2], ReadRing(dp, planned.Id, (byte)(entry.RingActive ^ 1), 1009));
            }
        }

        // First two writes are whole (the idle copy's content is unknown); after that, only differing slots.
        Assert.Equal([1009L, 1009L], written.Take(2));
        Assert.Equal(Differ(rings[1], rings[2]), written[2]);
        Assert.Equal(Differ(rings[1], rings[3]), written[3]); // the idle copy held rings[1]
        Assert.Equal(Differ(rings[2], rings[4]), written[4]);
        Assert.All(written.Skip(2), n => Assert.InRange(n, 1, 1009 / 3));
    }

    private static long Differ(uint[] a, uint[] b) => a.Zip(b).LongCount(p => p.First != p.Second);
}
