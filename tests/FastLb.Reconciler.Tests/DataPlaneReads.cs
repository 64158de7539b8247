// What the writer tests read back from the maps: a service's entry, one copy of its table, a real.
namespace FastLb.Reconciler.Tests;

internal static class DataPlaneReads
{
    public static VipKey KeyOf(ServiceConfig s) => VipKey.Create(s.Vip, s.Port, (byte)s.Protocol);

    public static Service ServiceEntry(DataPlane dp, ServiceConfig s)
    {
        Assert.True(dp.Services.TryLookup(KeyOf(s), out Service value), $"no entry for {s.Name}");
        return value;
    }

    public static uint[] RingCopy(DataPlane dp, uint id, byte copy, int size) =>
        RingTables.ReadCopy(dp.Rings, id, copy, size) ?? throw new Xunit.Sdk.XunitException($"service {id} has no table of {size} slots in copy {copy}");

    public static Real RealEntry(DataPlane dp, uint index)
    {
        Assert.True(dp.Reals.TryLookup(index, out Real real), $"no real at index {index}");
        return real;
    }
}
