// Planner: who is in the ring, who stays up, when the backup takes over, and stable slots.
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

public sealed class PlannerTests
{
    private readonly TestPlanner _planner = new(services: 64, reals: 4096);

    private static PlannedReal RealNamed(PlannedService s, string name) => s.Reals.Single(r => r.Real.Name == name);

    [Fact]
    public void Plan_AllUp_RingHoldsExactlyEveryReal()
    {
        var s = _planner.Plan(Build(Web)).Services.Single();
        Assert.Equal(101, s.Ring.Length);
        Assert.Equal(s.Reals.Select(r => r.Index).Order(), s.Ring.Distinct().Order());
        Assert.All(s.Reals, r => Assert.True(r.Up && r.InRing && !r.IsBackup));
        Assert.False(s.AllDown);
        Assert.False(s.OnBackup);
    }

    [Fact]
    public void Plan_RealDown_NotUpAndNotInRing()
    {
        var s = _planner.Plan(Build(Web), new FakeHealth().Set("r2", HealthState.Down)).Services.Single();
        var r2 = RealNamed(s, "r2");
        Assert.False(r2.Up);
        Assert.False(r2.InRing);
        Assert.DoesNotContain(r2.Index, s.Ring);
        Assert.Equal([RealNamed(s, "r1").Index, RealNamed(s, "r3").Index], s.Ring.Distinct().Order());
    }

    [Fact]
    public void Plan_RealExplicitlyUp_InRing()
    {
        var s = _planner.Plan(Build(Web), new FakeHealth().Set("r2", HealthState.Up)).Services.Single();
        var r2 = RealNamed(s, "r2");
        Assert.True(r2.Up && r2.InRing);
        Assert.Contains(r2.Index, s.Ring);
    }

    [Fact]
    public void Plan_WeightZero_UpButNotInRing()
    {
        var drained = Web with { Reals = [new("r1", 11), new("r2", 12, Weight: 0), new("r3", 13)] };
        var s = _planner.Plan(Build(drained)).Services.Single();
        var r2 = RealNamed(s, "r2");
        Assert.True(r2.Up);
        Assert.False(r2.InRing);
        Assert.DoesNotContain(r2.Index, s.Ring);
        Assert.Contains(RealNamed(s, "r1").Index, s.Ring);
    }

    [Fact]
    public void Plan_AllDownWithDropPolicy_RingAllNoReal()
    {
        var health = new FakeHealth().Set("r1", HealthState.Down).Set("r2", HealthState.Down).Set("r3", HealthState.Down);
        var s = _planner.Plan(Build(Web), health).Services.Single();
        Assert.Equal(101, s.Ring.Length);
        Assert.All(s.Ring, slot => Assert.Equal(Planner.NoReal, slot));
        Assert.True(s.AllDown);
        Assert.False(s.OnBackup);
        Assert.Equal(3, s.Reals.Count);
    }

    [Fact]
    public void Plan_AllDownWithBackup_RingAllBackupIndex()
    {
        var health = new FakeHealth().Set("r1", HealthState.Down).Set("r2", HealthState.Down).Set("r3", HealthState.Down);
        var s = _planner.Plan(Build(Web with { BackupOctet = 99 }), health).Services.Single();
        var backup = Assert.Single(s.Reals, r => r.IsBackup);
        Assert.Equal("web-backup", backup.Real.Name);
        Assert.True(backup.Up && backup.InRing);
        Assert.All(s.Ring, slot => Assert.Equal(backup.Index, slot));
        Assert.True(s.OnBackup);
        Assert.False(s.AllDown);
    }

    [Fact]
    public void Plan_OneUpWithBackupConfigured_BackupNotPlanned()
    {
        var health = new FakeHealth().Set("r1", HealthState.Down).Set("r2", HealthState.Down);
        var s = _planner.Plan(Build(Web with { BackupOctet = 99 }), health).Services.Single();
        Assert.DoesNotContain(s.Reals, r => r.IsBackup);
        Assert.False(s.OnBackup);
        Assert.All(s.Ring, slot => Assert.Equal(RealNamed(s, "r3").Index, slot));
    }

    [Fact]
    public void Plan_AllDrainedWithBackup_BackupTakesNewFlows()
    {
        var drained = Web with { Reals = [new("r1", 11, 0), new("r2", 12, 0)], BackupOctet = 99 };
        var s = _planner.Plan(Build(drained)).Services.Single();
        Assert.True(s.OnBackup);
        Assert.All(s.Reals.Where(r => !r.IsBackup), r => Assert.True(r.Up && !r.InRing));
    }

    [Fact]
    public void Plan_ServiceAddedAndRemoved_SurvivorsKeepTheirIds()
    {
        var a = new S("a", 1, 13, [new("a1", 11)]);
        var b = new S("b", 2, 13, [new("b1", 12)]);
        var c = new S("c", 3, 13, [new("c1", 13)]);
        var first = _planner.Plan(Build(a, b, c));
        var idB = first.Services.Single(s => s.Config.Name == "b").Id;
        var idC = first.Services.Single(s => s.Config.Name == "c").Id;
        var realC = first.Services.Single(s => s.Config.Name == "c").Reals[0].Index;

        var d = new S("d", 4, 13, [new("d1", 14)]);
        var second = _planner.Plan(Build(d, c, b));
        Assert.Equal(idB, second.Services.Single(s => s.Config.Name == "b").Id);
        Assert.Equal(idC, second.Services.Single(s => s.Config.Name == "c").Id);
        Assert.Equal(realC, second.Services.Single(s => s.Config.Name == "c").Reals[0].Index);
        Assert.Equal(3, second.Services.Select(s => s.Id).Distinct().Count());
        Assert.Equal(3, _planner.Ids.Count);
        Assert.False(_planner.Ids.TryGet(Planner.ServiceKey(first.Services.Single(s => s.Config.Name == "a").Config), out _));
    }

    [Fact]
    public void Plan_RealRemoved_IndexReleasedAndReusedByNextNewReal()
    {
        var first = _planner.Plan(Build(Web)).Services.Single();
        var r2Index = RealNamed(first, "r2").Index;

        var without = _planner.Plan(Build(Web with { Reals = [new("r1", 11), new("r3", 13)] })).Services.Single();
        Assert.DoesNotContain(r2Index, without.Ring);
        Assert.Equal(2, _planner.Reals.Count);

        var added = _planner.Plan(Build(Web with { Reals = [new("r1", 11), new("r3", 13), new("r4", 14)] })).Services.Single();
        Assert.Equal(r2Index, RealNamed(added, "r4").Index);
        Assert.Equal(RealNamed(first, "r1").Index, RealNamed(added, "r1").Index);
        Assert.Equal(RealNamed(first, "r3").Index, RealNamed(added, "r3").Index);
    }

    [Fact]
    public void Plan_SameConfigWithFreshAllocators_IdenticalRing()
    {
        var config = Build(Web);
        var a = _planner.Plan(config).Services.Single();
        var b = Planner.Plan(config, AlwaysUp.Instance, new IndexAllocator(64, "service"), new IndexAllocator(4096, "real")).Services.Single();
        Assert.Equal(a.Ring, b.Ring);
        Assert.Equal(a.Ring, _planner.Plan(config).Services.Single().Ring);
    }

    [Fact]
    public void Plan_RealOrderChanged_SameRealsOwnSameSlots()
    {
        // The table is keyed by endpoint, so another node listing the reals in another order agrees.
        var a = _planner.Plan(Build(Web)).Services.Single();
        var reordered = _planner.Plan(Build(Web with { Reals = [.. Web.Reals.Reverse()] })).Services.Single();
        Assert.Equal(a.Ring, reordered.Ring);
    }

    [Fact]
    public void Plan_DifferentRealSet_DifferentRing()
    {
        var a = _planner.Plan(Build(Web)).Services.Single();
        var b = _planner.Plan(Build(Web with { Reals = [new("r1", 11), new("r2", 12), new("r3", 13), new("r4", 14)] })).Services.Single();
        Assert.NotEqual(a.Ring, b.Ring);
    }

    [Fact]
    public void Plan_Weights2To1_RingShareFollowsWeights()
    {
        var weighted = new S("w", 10, 1009, [new("heavy", 11, 2), new("light", 12, 1)]);
        var s = _planner.Plan(Build(weighted)).Services.Single();
        var heavy = s.Ring.Count(i => i == RealNamed(s, "heavy").Index);
        var light = s.Ring.Count(i => i == RealNamed(s, "light").Index);
        Assert.Equal(1009, heavy + light);
        Assert.InRange(heavy / (double)s.Ring.Length, 0.62, 0.72);
    }

    [Fact]
    public void Plan_EqualWeights_RingShareEven()
    {
        var even = new S("w", 10, 1009, [new("a", 11, 1), new("b", 12, 1)]);
        var s = _planner.Plan(Build(even)).Services.Single();
        var a = s.Ring.Count(i => i == RealNamed(s, "a").Index);
        Assert.InRange(a / (double)s.Ring.Length, 0.45, 0.55);
    }

    [Fact]
    public void Plan_TooManyRealsForAllocator_ThrowsNamingRealLimit()
    {
        var small = new IndexAllocator(2, "real");
        var e = Assert.Throws<InvalidOperationException>(() => Planner.Plan(Build(Web), AlwaysUp.Instance, _planner.Ids, small));
        Assert.Contains("real", e.Message, StringComparison.Ordinal);
        Assert.Contains("2", e.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void Plan_EveryServiceReplacedAtCapacity_Succeeds()
    {
        // A full config whose every service moves to another port is valid; it must fit.
        var first = _planner.Plan(Many(services: 64, realsEach: 1, firstPort: 1000));
        Assert.Equal(64, first.Services.Select(s => s.Id).Distinct().Count());
        var second = _planner.Plan(Many(services: 64, realsEach: 1, firstPort: 2000));
        Assert.Equal(64, second.Services.Select(s => s.Id).Distinct().Count());
        Assert.All(second.Services, s => Assert.InRange(s.Id, 0u, 63u));
        Assert.Equal(64, _planner.Ids.Count);
    }

    [Fact]
    public void Plan_EveryRealReplacedNearCapacity_Succeeds()
    {
        var first = _planner.Plan(Many(services: 17, realsEach: 200, firstPort: 1000));
        Assert.Equal(3400, first.Reals.Count());
        var second = _planner.Plan(Many(services: 17, realsEach: 200, firstPort: 2000));
        var indices = second.Reals.Select(r => r.Index).ToList();
        Assert.Equal(3400, indices.Distinct().Count());
        Assert.All(indices, i => Assert.InRange(i, 0u, 4095u));
        Assert.Equal(3400, _planner.Reals.Count);
        Assert.All(second.Services, s => Assert.Equal(s.Reals.Select(r => r.Index).Order(), s.Ring.Distinct().Order()));
    }

    [Fact]
    public void Plan_MoreRealsThanDataPlaneHolds_ThrowsAndKeepsAllocations()
    {
        var running = _planner.Plan(Build(Web)).Services.Single();
        var e = Assert.Throws<InvalidOperationException>(() => _planner.Plan(Many(services: 17, realsEach: 250, firstPort: 1000)));
        Assert.Contains("4096", e.Message, StringComparison.Ordinal);
        Assert.Contains("real", e.Message, StringComparison.Ordinal);
        // The failed plan took no slot: the running config plans exactly as before.
        Assert.Equal(3, _planner.Reals.Count);
        Assert.Equal(1, _planner.Ids.Count);
        var again = _planner.Plan(Build(Web)).Services.Single();
        Assert.Equal(running.Id, again.Id);
        Assert.Equal(running.Ring, again.Ring);
    }
}
