using System.Net;
using System.Net.NetworkInformation;
using FastLb.Lab;

namespace FastLb.Interop.Tests.Bpf;

/// <summary>Typed map access on real kernel maps of bpf/testdata/interop_maps.bpf.c.</summary>
public sealed class MapTests : IDisposable
{
    private readonly BpfObject? _obj;

    public MapTests()
    {
        if (Privileges.IsRoot)
        {
            _obj = BpfObject.Open(NativePaths.BpfObject("interop_maps"));
            _obj.Load();
        }
    }

    private BpfObject Obj => _obj ?? throw new InvalidOperationException("not root");

    public void Dispose() => _obj?.Dispose();

    [RootFact]
    public void HashMap_UpdateThenLookup_ReturnsValue()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_hash");
        var key = VipKey.Create(IPAddress.Parse("203.0.113.10"), 80, 6);
        map.Update(key, new Service { Id = 7, RingSize = 65537, RingActive = 1 });
        Assert.True(map.TryLookup(key, out Service value));
        Assert.Equal(7u, value.Id);
        Assert.Equal(65537u, value.RingSize);
        Assert.Equal(1, value.RingActive);
        Assert.Equal(BpfMapType.Hash, map.Type);
        Assert.Equal(20, map.KeySize);
        Assert.Equal(64, map.MaxEntries);
    }

    [RootFact]
    public void HashMap_LookupMissingKey_ReturnsFalse()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_hash");
        Assert.False(map.TryLookup(VipKey.Create(IPAddress.Parse("203.0.113.99"), 80, 6), out Service value));
        Assert.Equal(default, value);
    }

    [RootFact]
    public void HashMap_Delete_RemovesOnceThenReportsMissing()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_hash");
        var key = VipKey.Create(IPAddress.Parse("203.0.113.11"), 53, 17);
        map.Update(key, new Service { Id = 1 });
        Assert.True(map.Delete(key));
        Assert.False(map.Delete(key));
        Assert.False(map.TryLookup(key, out Service _));
    }

    [RootFact]
    public void HashMap_UpdateNoExistOnExistingKey_ThrowsEexist()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_hash");
        var key = VipKey.Create(IPAddress.Parse("203.0.113.12"), 80, 6);
        map.Update(key, new Service { Id = 1 });
        var e = Assert.Throws<BpfException>(() => map.Update(key, new Service { Id = 2 }, MapUpdate.NoExist));
        Assert.Equal(17, e.Errno);
        Assert.Contains("t_hash", e.Message);
    }

    [RootFact]
    public void HashMap_Keys_ListsEveryKey()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_hash");
        var keys = Enumerable.Range(1, 5).Select(i => VipKey.Create(IPAddress.Parse($"203.0.113.{i}"), 80, 6)).ToArray();
        foreach (var key in keys)
        {
            map.Update(key, new Service { Id = 1 });
        }
        var listed = map.Keys<VipKey>().Select(k => k.ToString()).Order().ToArray();
        Assert.Equal(keys.Select(k => k.ToString()).Order().ToArray(), listed);
    }

    [RootFact]
    public void HashMap_KeysOfEmptyMap_IsEmpty()
    {
        Privileges.RequireRoot();
        Assert.Empty(Obj.Map("t_hash").Keys<VipKey>());
    }

    [RootFact]
    public void Map_WrongKeySize_ThrowsNamingSizes()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_hash");
        var e = Assert.Throws<ArgumentException>(() => map.TryLookup(42u, out Service _));
        Assert.Equal("map 't_hash' has 20-byte keys but UInt32 is 4 bytes", e.Message);
    }

    [RootFact]
    public void Map_WrongValueSize_ThrowsNamingSizes()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_array");
        var e = Assert.Throws<ArgumentException>(() => map.Update(0u, new Topology()));
        Assert.Equal("map 't_array' has 36-byte values but Topology is 24 bytes", e.Message);
    }

    [RootFact]
    public void ArrayMap_UpdateThenLookup_RoundTripsReal()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_array");
        var real = Real.Create(IPAddress.Parse("192.0.2.5"), 8080, PhysicalAddress.Parse("02-00-00-00-00-05"), RealFlags.Up);
        map.Update(3u, real);
        Assert.True(map.TryLookup(3u, out Real back));
        Assert.Equal(IPAddress.Parse("192.0.2.5"), back.Address);
        Assert.Equal(8080, back.HostPort);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-05"), back.MacAddress);
        Assert.True(map.TryLookup(4u, out Real empty)); // arrays hold every index, zeroed
        Assert.Equal(Family.None, empty.Family);
    }

    [RootFact]
    public void ArrayMap_IndexPastEnd_LookupReturnsFalseAndDeleteThrows()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_array");
        Assert.False(map.TryLookup(16u, out Real _));
        var e = Assert.Throws<BpfException>(() => map.Delete(0u));
        Assert.Equal(22, e.Errno); // arrays cannot delete
    }

    [RootFact]
    public void PerCpuMap_UpdatePerCpuThenLookup_ReturnsEveryCpu()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_percpu");
        var cpus = BpfMap.PossibleCpus;
        var values = Enumerable.Range(0, cpus).Select(i => new Counter { Packets = (ulong)i + 1, Bytes = (ulong)(i + 1) * 100 }).ToArray();
        map.UpdatePerCpu(1u, values);
        var back = map.LookupPerCpu<uint, Counter>(1u);
        Assert.Equal(values, back);
        Assert.Equal(Enumerable.Repeat(default(Counter), cpus), map.LookupPerCpu<uint, Counter>(0u));
    }

    [RootFact]
    public void PerCpuMap_UnpaddedValueSize_RoundTrips()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_percpu_real");
        var values = Enumerable.Range(0, BpfMap.PossibleCpus).Select(i => new RealCounter { Packets = 1, Bytes = 2, NewFlows = (ulong)i }).ToArray();
        map.UpdatePerCpu(2u, values);
        Assert.Equal(values, map.LookupPerCpu<uint, RealCounter>(2u));
    }

    [RootFact]
    public void PerCpuMap_PlainLookup_ThrowsPointingToPerCpu()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_percpu");
        var e = Assert.Throws<InvalidOperationException>(() => map.TryLookup(0u, out Counter _));
        Assert.Contains("LookupPerCpu", e.Message);
        Assert.Throws<InvalidOperationException>(() => Obj.Map("t_hash").LookupPerCpu<VipKey, Service>(default));
    }

    [RootFact]
    public void LruMap_UpdateBatchThenLookupBatch_ReturnsAllEntries()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_lru");
        var keys = Enumerable.Range(0, 300)
            .Select(i => FlowKey.Create(IPAddress.Parse($"198.51.100.{i % 250}"), (ushort)(10000 + i), IPAddress.Parse("203.0.113.10"), 80, 6))
            .ToArray();
        var values = Enumerable.Range(0, 300).Select(i => new Flow { Real = (uint)i, Service = 1, Refreshed = (uint)i * 10 }).ToArray();
        Assert.Equal(300, map.UpdateBatch<FlowKey, Flow>(keys, values));

        var all = map.LookupBatch<FlowKey, Flow>(batchSize: 64);
        Assert.Equal(300, all.Count);
        foreach (var (key, flow) in all)
        {
            Assert.Equal(key.SourcePort - 10000, (int)flow.Real);
            Assert.Equal(flow.Real * 10u, flow.Refreshed);
        }
    }

    [RootFact]
    public void UpdateBatch_MismatchedLengths_Throws()
    {
        Privileges.RequireRoot();
        var map = Obj.Map("t_lru");
        var e = Assert.Throws<ArgumentException>(() => map.UpdateBatch<FlowKey, Flow>(new FlowKey[2], new Flow[1]));
        Assert.Contains("2 keys but 1 values", e.Message);
    }

    [RootFact]
    public void LookupBatch_EmptyMap_ReturnsEmpty()
    {
        Privileges.RequireRoot();
        Assert.Empty(Obj.Map("t_hash").LookupBatch<VipKey, Service>());
    }

    [RootFact]
    public void Pin_ThenOpenPinned_SharesTheMap()
    {
        Privileges.RequireRoot();
        var dir = Path.Combine(Path.GetTempPath(), "fl-bpffs-" + LabNames.NewPrefix());
        Directory.CreateDirectory(dir);
        Command.Run("mount", "-t", "bpf", "bpf", dir);
        try
        {
            var map = Obj.Map("t_array");
            var path = Path.Combine(dir, "t_array");
            map.Pin(path);
            using var pinned = BpfMap.OpenPinned(path);
            Assert.Equal("t_array", pinned.Name);
            Assert.Equal(36, pinned.ValueSize);
            var real = Real.Create(IPAddress.Parse("192.0.2.9"), 80, PhysicalAddress.Parse("02-00-00-00-00-09"), RealFlags.Up);
            pinned.Update(5u, real);
            Assert.True(map.TryLookup(5u, out Real seen));
            Assert.Equal(IPAddress.Parse("192.0.2.9"), seen.Address);
            var e = Assert.Throws<BpfException>(() => map.Pin(path));
            Assert.Equal(17, e.Errno);
        }
        finally
        {
            Command.TryRun("umount", dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    [RootFact]
    public void OpenPinned_MissingPath_ThrowsNamingPath()
    {
        Privileges.RequireRoot();
        var e = Assert.Throws<BpfException>(() => BpfMap.OpenPinned("/tmp/fl-no-such-pin"));
        Assert.Contains("/tmp/fl-no-such-pin", e.Message);
        Assert.Equal(2, e.Errno);
    }
}
