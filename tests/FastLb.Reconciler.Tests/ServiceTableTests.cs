// The service maps against the writer: a key is inserted once and deleted, a change goes to the idle
// config copy and flips the live byte, an id is cleared and reused only after a grace period.
using System.Runtime.InteropServices;
using FastLb.Interop.Bpf;
using FastLb.Scheduling;
using static FastLb.Reconciler.Tests.Configs;
using static FastLb.Reconciler.Tests.DataPlaneReads;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class ServiceTableTests
{
    private readonly TestPlanner _planner = new();

    [RootFact]
    public void Apply_HealthChange_IdleCopyTakesTheNewConfig_LiveByteFlips_OldCopyKept()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var web = _planner.Plan(Build(Web)).Services.Single();
        writer.Apply(_planner.Plan(Build(Web)));
        Assert.True(dp.Services.TryLookupId(KeyOf(web.Config), out var id));
        Assert.Equal(web.Id, id);
        var live = dp.Services.LiveCopy(id);
        var before = ServiceEntry(dp, web.Config);

        writer.Apply(_planner.Plan(Build(Web), new FakeHealth().Set("r1", HealthState.Down)));

        Assert.Equal(live ^ 1, dp.Services.LiveCopy(id));
        var now = ServiceEntry(dp, web.Config);
        Assert.Equal((id, before.RingActive ^ 1), (now.Id, (int)now.RingActive));
        Assert.True(dp.Services.TryRead(id, live, out Service old));
        Assert.Equal(before.RingActive, old.RingActive); // the copy a packet may still be reading is untouched
        Assert.True(dp.Services.TryLookupId(KeyOf(web.Config), out var still));
        Assert.Equal(id, still);
    }

    [RootFact]
    public void Apply_ServiceRemoved_KeyGoneBeforeTheGracePeriod_ConfigClearedAfter()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var both = _planner.Plan(Build(Web, DnsService));
        writer.Apply(both);
        var dns = both.Services.Single(s => s.Config.Name == "dns");
        var checkedAtWait = 0;
        dp.Grace.Waiting += () =>
        {
            Assert.False(dp.Services.TryLookupId(KeyOf(dns.Config), out _));
            // A program that found the id before the key went still reads the service's own config.
            Assert.True(dp.Services.TryRead(dns.Id, dp.Services.LiveCopy(dns.Id), out Service held));
            Assert.Equal((dns.Id, (uint)dns.Ring.Length), (held.Id, held.RingSize));
            checkedAtWait++;
        };

        writer.Apply(_planner.Plan(Build(Web)));

        Assert.Equal(1, checkedAtWait);
        Assert.Equal(0, dp.Services.LiveCopy(dns.Id));
        foreach (var copy in new[] { 0u, 1u })
        {
            Assert.True(dp.Services.TryRead(dns.Id, copy, out Service cleared));
            Assert.Equal((0u, 0u), (cleared.Id, cleared.RingSize));
        }
    }

    [RootFact]
    public void Apply_IdFreedAndTakenInOneWrite_NewServiceKeyAndConfigOnlyAfterTheGracePeriod()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        // One id only: the new service takes the id the old one frees, in the same write.
        var planner = new TestPlanner(services: 1);
        var writer = new MapWriter(dp);
        var web = planner.Plan(Build(Web)).Services.Single();
        writer.Apply(planner.Plan(Build(Web)));
        var dns = planner.Plan(Build(DnsService)).Services.Single();
        Assert.Equal(web.Id, dns.Id);
        var checkedAtWait = 0;
        dp.Grace.Waiting += () =>
        {
            Assert.False(dp.Services.TryLookupId(KeyOf(web.Config), out _));
            Assert.False(dp.Services.TryLookupId(KeyOf(dns.Config), out _));
            Assert.True(dp.Services.TryRead(web.Id, dp.Services.LiveCopy(web.Id), out Service held));
            Assert.Equal((uint)web.Ring.Length, held.RingSize); // still the old service's, for programs that found it
            checkedAtWait++;
        };

        writer.Apply(planner.Plan(Build(DnsService)));

        Assert.Equal(1, checkedAtWait);
        Assert.False(dp.Services.TryLookup(KeyOf(web.Config), out Service _));
        var now = ServiceEntry(dp, dns.Config);
        Assert.Equal((dns.Id, (uint)dns.Ring.Length), (now.Id, now.RingSize));
        Assert.Equal(dns.Ring, RingCopy(dp, dns.Id, now.RingActive, dns.Ring.Length));
    }

    [RootFact]
    public void Update_TagsCountsAndHintsTheKey_ChangeKeepsThem_DeleteUndoesThem()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var key = VipKey.Create(IPAddress.Parse("203.0.113.78"), 443, 6);
        var tag = VipHash.Tag(VipIndex.Hash(key));

        dp.Services.Update(key, new Service { Id = 5, RingSize = 13 });
        Assert.Equal((tag, (byte)1), (dp.Services.Tag(5), dp.Services.Index!.Count(key)));
        Assert.Equal((5u, key.ToString()), (dp.Services.Index.Hint(key), dp.Services.Index.KeyOf(5).ToString()));
        dp.Services.Change(new Service { Id = 5, RingSize = 17 });
        dp.Services.Update(key, new Service { Id = 5, RingSize = 19 }); // a key in place is not counted again
        Assert.Equal((tag, (byte)1), (dp.Services.Tag(5), dp.Services.Index!.Count(key)));

        Assert.True(dp.Services.Delete(key));
        Assert.Equal((0u, (byte)0), (dp.Services.Tag(5), dp.Services.Index!.Count(key)));
        Assert.Null(dp.Services.Index.Hint(key));
        Assert.Equal(Family.None, dp.Services.Index.KeyOf(5).Family);
        Assert.False(dp.Services.Delete(key));
        Assert.Equal(0, dp.Services.Index!.Count(key));
    }

    [RootFact]
    public void Apply_ServicesOfMapsWithoutTags_TaggedAndCountedOnce()
    {
        // Maps pinned by a version without tags hold keys and copies but neither tags nor counts: a
        // writer that adopts them tags and counts each service on its first write, once.
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var plan = _planner.Plan(Build(Web));
        new MapWriter(dp).Apply(plan);
        var web = plan.Services.Single();
        var key = KeyOf(web.Config);
        using (var live = MappedArray.Map(dp.Services.Live))
        {
            live.Write((int)web.Id * 2, dp.Services.LiveCopy(web.Id));
        }
        foreach (var map in new[] { dp.Services.Index!.Filter, dp.Services.Index.Hints })
        {
            using var words = MappedArray.Map(map);
            words.Span.Clear();
        }
        dp.Services.Index.Clear(web.Id);

        var adopted = new MapWriter(dp);
        Assert.True(dp.Services.TryLookup(key, out Service held));
        adopted.Adopt(key, held, web.Ring);
        adopted.Apply(_planner.Plan(Build(Web)));
        adopted.Apply(_planner.Plan(Build(Web)));

        Assert.Equal(VipHash.Tag(VipIndex.Hash(key)), dp.Services.Tag(web.Id));
        Assert.Equal(1, dp.Services.Index!.Count(key));
        Assert.Equal(web.Id, dp.Services.Index.Hint(key));
        Assert.Equal(key.ToString(), dp.Services.Index.KeyOf(web.Id).ToString());
    }

    [RootFact]
    public void Apply_EverySequence_EveryKeyTheServiceMapHolds_CountedByTheFilter_AndNoOther()
    {
        // The program takes the filter's "no" as final (bpf/lib/forward.h): a key in the service map
        // that the filter does not count would be a service no packet reaches. Checked after every
        // write, and inside the write that removes a service, while it waits for its grace period.
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var index = dp.Services.Index!;
        var checks = 0;
        void Holds()
        {
            var keys = dp.Services.Keys<VipKey>().ToList();
            var expected = keys.GroupBy(k => VipHash.Counter(VipIndex.Hash(k))).ToDictionary(g => g.Key, g => g.Count());
            foreach (var k in keys)
            {
                Assert.Equal(expected[VipHash.Counter(VipIndex.Hash(k))], index.Count(k));
            }
            checks++;
        }
        dp.Grace.Waiting += Holds;
        var dnsOther = DnsService with { Name = "dns2", VipOctet = 21, Port = 5353 };
        S[][] sequence = [[Web], [Web, DnsService], [DnsService], [Web, DnsService, dnsOther], [dnsOther], [], [Web, dnsOther], [Web]];

        foreach (var services in sequence)
        {
            writer.Apply(_planner.Plan(Build(services)));
            Holds();
            Assert.Equal(services.Length, dp.Services.Keys<VipKey>().Count());
        }
        foreach (var gone in new[] { DnsService, dnsOther })
        {
            Assert.Equal(0, index.Count(KeyOf(Build(gone).Services[0])));
        }
        Assert.True(checks > sequence.Length, "no removal waited for its grace period");
    }

    [RootFact]
    public void Update_KeyHeldByAnotherId_Refused_MapsUnchanged()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var key = VipKey.Create(IPAddress.Parse("203.0.113.77"), 80, 6);
        dp.Services.Update(key, new Service { Id = 3, RingSize = 13 });

        var e = Assert.Throws<InvalidOperationException>(() => dp.Services.Update(key, new Service { Id = 4, RingSize = 17 }));

        Assert.Contains("to service 3, not 4", e.Message, StringComparison.Ordinal);
        Assert.True(dp.Services.TryLookup(key, out Service held));
        Assert.Equal((3u, 13u), (held.Id, held.RingSize));
        Assert.True(dp.Services.TryRead(4, 0, out Service copy0));
        Assert.True(dp.Services.TryRead(4, 1, out Service copy1));
        Assert.Equal((0u, 0u), (copy0.RingSize, copy1.RingSize));
    }

    [RootFact]
    public void Load_PinnedServiceMapOfAnotherValueSize_RefusedWithTheStopCommand()
    {
        Privileges.RequireRoot();
        var pins = new PinnedState(Lab.LabNames.NewPrefix() + "svc");
        try
        {
            // fastlb_services as an earlier layout pinned it: the whole config as the value.
            Directory.CreateDirectory(pins.Directory);
            using (var old = BpfMap.Create(BpfMapType.Hash, "fastlb_services", Marshal.SizeOf<VipKey>(), Marshal.SizeOf<Service>(), AbiLimits.MaxServices, 0))
            {
                old.Pin(Path.Combine(pins.Directory, "fastlb_services"));
            }

            var e = Assert.Throws<InvalidOperationException>(() => DataPlane.Load(NullLogger.Instance, pins: pins));

            Assert.Contains($"fastlb_services pinned with {Marshal.SizeOf<Service>()}-byte values, but this program's are 4 bytes", e.Message, StringComparison.Ordinal);
            Assert.Contains($"run 'fastlb stop --detach --instance {pins.Instance}' first", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            pins.Remove();
        }
    }
}
