// The NAT reverse tables: none until a routed or transparent service is configured, then one sized
// like the connection table and an opening one an eighth of it, kept across reloads and adopted from the pins by the next controller.
using FastLb.Interop.Bpf;
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class NatTableTests
{
    private static readonly DataPlaneOptions Small = new(4096, FlowTimeouts.Default);

    /// <summary>The config with its dns service made transparent (a NAT mode).</summary>
    private static FastLbConfig WithNat(FastLbConfig config) =>
        config with { Services = [.. config.Services.Select(s => s.Name == "dns" ? s with { Mode = ForwardingMode.Transparent } : s)] };

    [RootFact]
    public void Apply_DsrOnly_NoTable_FirstNatService_CreatesOneSizedLikeTheFlowTable_KeptWhenItGoes()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance, Small);
        var writer = new MapWriter(dp);
        var planner = new TestPlanner();

        writer.Apply(planner.Plan(Build(Web, DnsService)));
        Assert.Null(dp.Nat.Map);
        Assert.Equal(0, dp.Nat.Capacity);
        Assert.False(dp.Nat.Outer.TryLookup(0u, out uint _));
        Assert.False(dp.Nat.Outer.TryLookup(1u, out uint _));

        writer.Apply(planner.Plan(WithNat(Build(Web, DnsService))));
        var table = Assert.IsType<BpfMap>(dp.Nat.Map);
        Assert.Equal((BpfMapType.LruHash, 4096), (table.Type, table.MaxEntries));
        Assert.True(dp.Nat.Outer.TryLookup(0u, out uint id));
        Assert.Equal(table.Id, id);
        // The opening table (flows that have sent only SYNs): an eighth, at least 1,024 entries.
        var opening = Assert.IsType<BpfMap>(dp.Nat.Opening);
        Assert.Equal((BpfMapType.LruHash, 1024), (opening.Type, opening.MaxEntries));
        Assert.True(dp.Nat.Outer.TryLookup(1u, out uint openingId));
        Assert.Equal(opening.Id, openingId);
        Assert.Equal(524288, NatTable.OpeningEntries(4194304));

        // The NAT service gone: the table stays (its entries age out), and the program still finds it.
        writer.Apply(planner.Plan(Build(Web, DnsService)));
        Assert.True(dp.Nat.Outer.TryLookup(0u, out uint after));
        Assert.Equal(id, after);
    }

    [RootFact]
    public void Load_PinnedInstanceWithATable_NextControllerAdoptsItWithItsEntries()
    {
        Privileges.RequireRoot();
        var pins = new PinnedState(Lab.LabNames.NewPrefix() + "nat");
        try
        {
            var reply = FlowKey.Create(IPAddress.Parse("192.0.2.21"), 53, IPAddress.Parse("198.51.100.7"), 40000, 17);
            using (var first = DataPlane.Load(NullLogger.Instance, Small, pins: pins))
            {
                new MapWriter(first).Apply(new TestPlanner().Plan(WithNat(Build(Web, DnsService))));
                first.Nat.Update(reply, new Nat { Service = 1, Real = 2 });
            }

            using var second = DataPlane.Load(NullLogger.Instance, Small, pins: pins);
            Assert.Equal(4096, second.Nat.Capacity);
            Assert.Equal(1024, second.Nat.Opening!.MaxEntries);
            Assert.True(second.Nat.TryLookup(reply, out var adopted));
            Assert.Equal((1u, 2u), (adopted.Service, adopted.Real));
        }
        finally
        {
            pins.Remove();
        }
    }
}
