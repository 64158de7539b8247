// MapWriter against the real fastlb maps: entries, double-buffered ring flips, diffing and removal.
using static FastLb.Reconciler.Tests.Configs;
using static FastLb.Reconciler.Tests.DataPlaneReads;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class MapWriterTests
{
    private readonly TestPlanner _planner = new();

    [RootFact]
    public void Apply_NewPlan_ServiceEntryHoldsIdRingSizeAndActiveCopy()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var plan = _planner.Plan(Build(Web, DnsService));
        writer.Apply(plan);

        foreach (var planned in plan.Services)
        {
            var entry = ServiceEntry(dp, planned.Config);
            Assert.Equal(planned.Id, entry.Id);
            Assert.Equal((uint)planned.Config.RingSize, entry.RingSize);
            Assert.Equal(0, entry.RingActive);
            Assert.Equal(Mode.DsrL2, entry.Mode);
            Assert.Equal(Algorithm.Maglev, entry.Algorithm);
        }
        Assert.Equal(2, dp.Services.Keys<VipKey>().Count());
        Assert.Equal(2, writer.RingWrites);
    }

    [RootFact]
    public void Apply_NewPlan_OtherVipHasNoEntry()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        new MapWriter(dp).Apply(_planner.Plan(Build(Web)));
        Assert.False(dp.Services.TryLookup(VipKey.Create(IPAddress.Parse("203.0.113.10"), 81, 6), out Service _));
        Assert.False(dp.Services.TryLookup(VipKey.Create(IPAddress.Parse("203.0.113.10"), 80, 17), out Service _));
    }

    [RootFact]
    public void Apply_NewPlan_ActiveRingCopyEqualsPlanRing()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var plan = _planner.Plan(Build(Web, DnsService));
        new MapWriter(dp).Apply(plan);
        foreach (var planned in plan.Services)
        {
            var entry = ServiceEntry(dp, planned.Config);
            Assert.Equal(planned.Ring, RingCopy(dp, planned.Id, entry.RingActive, planned.Ring.Length));
        }
    }

    [RootFact]
    public void Apply_NewPlan_RealsHoldAddressPortMacAndUpFlag()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var plan = _planner.Plan(Build(Web), new FakeHealth().Set("r2", HealthState.Down));
        new MapWriter(dp).Apply(plan);
        foreach (var planned in plan.Reals)
        {
            var real = RealEntry(dp, planned.Index);
            Assert.Equal(planned.Real.Address, real.Address);
            Assert.Equal((ushort)80, real.HostPort);
            Assert.Equal(Family.Inet, real.Family);
            Assert.Equal(planned.Real.Mac, real.MacAddress);
            Assert.Equal(planned.Real.Name == "r2" ? RealFlags.Mac : RealFlags.Up | RealFlags.Mac, real.Flags); // every real here has a mac
            Assert.Equal(plan.Services.Single(s => s.Reals.Contains(planned)).Id, real.Service);
        }
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-0C"), RealEntry(dp, plan.Reals.Single(r => r.Real.Name == "r2").Index).MacAddress);
    }

    [RootFact]
    public void Apply_UnchangedPlan_WritesNoRing()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var config = Build(Web, DnsService);
        writer.Apply(_planner.Plan(config));
        var writes = writer.RingWrites;
        var plan = _planner.Plan(config);
        writer.Apply(plan);
        Assert.Equal(writes, writer.RingWrites);
        Assert.All(plan.Services, s => Assert.Equal(0, ServiceEntry(dp, s.Config).RingActive));
    }

    [RootFact]
    public void Apply_ChangedRing_WritesOtherCopyFlipsAndKeepsOldCopy()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var before = _planner.Plan(Build(Web, DnsService));
        writer.Apply(before);
        var writes = writer.RingWrites;
        var oldWeb = before.Services.Single(s => s.Config.Name == "web");

        var after = _planner.Plan(Build(Web, DnsService), new FakeHealth().Set("r1", HealthState.Down));
        writer.Apply(after);
        var newWeb = after.Services.Single(s => s.Config.Name == "web");
        Assert.NotEqual(oldWeb.Ring, newWeb.Ring);
        Assert.Equal(writes + 1, writer.RingWrites);

        var entry = ServiceEntry(dp, newWeb.Config);
        Assert.Equal(1, entry.RingActive);
        Assert.Equal(newWeb.Ring, RingCopy(dp, newWeb.Id, 1, newWeb.Ring.Length));
        Assert.Equal(oldWeb.Ring, RingCopy(dp, oldWeb.Id, 0, oldWeb.Ring.Length));
        // The untouched service did not flip.
        Assert.Equal(0, ServiceEntry(dp, after.Services.Single(s => s.Config.Name == "dns").Config).RingActive);

        // A second change flips back to copy 0.
        writer.Apply(_planner.Plan(Build(Web, DnsService)));
        Assert.Equal(0, ServiceEntry(dp, newWeb.Config).RingActive);
        Assert.Equal(oldWeb.Ring, RingCopy(dp, oldWeb.Id, 0, oldWeb.Ring.Length));
        Assert.Equal(newWeb.Ring, RingCopy(dp, newWeb.Id, 1, newWeb.Ring.Length));
    }

    [RootFact]
    public void Apply_RealGoesDown_FlagClearedWithoutRemovingIt()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var before = _planner.Plan(Build(Web));
        writer.Apply(before);
        var r1 = before.Reals.Single(r => r.Real.Name == "r1").Index;
        Assert.Equal(RealFlags.Up | RealFlags.Mac, RealEntry(dp, r1).Flags);

        writer.Apply(_planner.Plan(Build(Web), new FakeHealth().Set("r1", HealthState.Down)));
        var real = RealEntry(dp, r1);
        Assert.Equal(RealFlags.Mac, real.Flags); // no longer up, still addressed
        Assert.Equal(IPAddress.Parse("192.0.2.11"), real.Address);
    }

    [RootFact]
    public void Apply_ServiceRemoved_KeyDeletedAndItsRealsNoLongerUp()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var before = _planner.Plan(Build(Web, DnsService));
        writer.Apply(before);
        var dns = before.Services.Single(s => s.Config.Name == "dns");

        var after = _planner.Plan(Build(Web));
        writer.Apply(after);
        Assert.False(dp.Services.TryLookup(KeyOf(dns.Config), out Service _));
        Assert.Single(dp.Services.Keys<VipKey>());
        foreach (var real in dns.Reals)
        {
            var entry = RealEntry(dp, real.Index);
            Assert.Equal(RealFlags.None, entry.Flags);
            Assert.Equal(0u, entry.Weight);
            // Address and port stay: a packet racing the write reaches the removed real, never a zeroed one.
            Assert.Equal(real.Real.Port, entry.HostPort);
        }
        // The surviving service and its reals are untouched.
        var web = after.Services.Single();
        Assert.Equal(web.Ring, RingCopy(dp, web.Id, ServiceEntry(dp, web.Config).RingActive, web.Ring.Length));
        Assert.All(web.Reals, r => Assert.Equal(RealFlags.Up | RealFlags.Mac, RealEntry(dp, r.Index).Flags));
    }

    [RootFact]
    public void Apply_RealRemovedFromService_ZeroedAndOutOfActiveRing()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var before = _planner.Plan(Build(Web));
        writer.Apply(before);
        var r3 = before.Reals.Single(r => r.Real.Name == "r3").Index;

        var after = _planner.Plan(Build(Web with { Reals = [new("r1", 11), new("r2", 12)] }));
        writer.Apply(after);
        Assert.Equal(default(RealFlags), RealEntry(dp, r3).Flags);
        var web = after.Services.Single();
        Assert.DoesNotContain(r3, RingCopy(dp, web.Id, ServiceEntry(dp, web.Config).RingActive, web.Ring.Length));
    }

    [RootFact]
    public void Apply_EveryServiceAndRealReplacedNearCapacity_MapsHoldOnlyNewPlan()
    {
        // 3,400 reals replaced by 3,400 others: the plan reuses freed slots, the maps must follow.
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        writer.Apply(_planner.Plan(Many(services: 17, realsEach: 200, firstPort: 1000)));
        var plan = _planner.Plan(Many(services: 17, realsEach: 200, firstPort: 2000));
        writer.Apply(plan);

        Assert.Equal(
            plan.Services.Select(s => (int)s.Config.Port).Order(),
            dp.Services.Keys<VipKey>().Select(k => (int)k.HostPort).Order());
        foreach (var service in plan.Services)
        {
            var entry = ServiceEntry(dp, service.Config);
            Assert.Equal(service.Id, entry.Id);
            Assert.Equal(service.Ring, RingCopy(dp, service.Id, entry.RingActive, service.Ring.Length));
            foreach (var real in service.Reals)
            {
                var written = RealEntry(dp, real.Index);
                Assert.Equal(service.Config.Port, written.HostPort);
                Assert.Equal(real.Real.Address, written.Address);
                Assert.Equal(RealFlags.Up | RealFlags.Mac, written.Flags);
            }
        }
    }
}
