// The NAT reverse tables' LRU list: shared by the CPUs unless DataPlaneOptions.NatPerCpuLru asks for
// one per CPU, and then the outer map's inner template says so too, or the kernel refuses the tables.
using System.Runtime.CompilerServices;

namespace FastLb.PacketTests;

public sealed class NatLruListTests
{
    private static DataPlane Load(bool perCpu) =>
        DataPlane.Load(NullLogger.Instance, new DataPlaneOptions(4096, FlowTimeouts.Default) { NatPerCpuLru = perCpu });

    [RootFact]
    public void Default_TablesShareOneList()
    {
        Privileges.RequireRoot();
        using var dp = Load(perCpu: false);

        dp.Nat.Ensure();

        Assert.Equal(0u, dp.Nat.Map!.Flags);
        Assert.Equal(0u, dp.Nat.Opening!.Flags);
    }

    [RootFact]
    public void PerCpu_TablesCreatedWithAListPerCpu_AdmittedByTheOuterMap_TablesOfTheOtherKindRefused()
    {
        Privileges.RequireRoot();
        using var dp = Load(perCpu: true);

        dp.Nat.Ensure();

        Assert.Equal(NatTable.NoCommonLru, dp.Nat.Map!.Flags);
        Assert.Equal(NatTable.NoCommonLru, dp.Nat.Opening!.Flags);
        Assert.True(dp.Nat.Outer.TryLookup((uint)NatTab.Established, out uint id));
        Assert.Equal(dp.Nat.Map.Id, id);
        // The kernel admits only inner maps whose flags are the template's: a shared-list table is refused.
        using var shared = BpfMap.Create(BpfMapType.LruHash, "nat_shared", Unsafe.SizeOf<FlowKey>(), Unsafe.SizeOf<Nat>(), 1024, 0);
        Assert.ThrowsAny<Exception>(() => dp.Nat.Outer.Update((uint)NatTab.Established, shared.Fd));
        Assert.True(dp.Nat.Outer.TryLookup((uint)NatTab.Established, out uint still));
        Assert.Equal(id, still);
    }
}
