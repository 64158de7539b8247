// MapWriter for the routed and transparent modes: mode, SNAT, MAC flag, owning service, answered VIPs,
// and rewrites that differ only past the first byte of a MAC or address.
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class MapWriterModeTests
{
    private static readonly S Web = new("web", 10, 101, [new("r1", 11), new("r2", 12)]);
    private static readonly S Dns = new("dns", 20, 13, [new("d1", 21)], Port: 53);

    private readonly IndexAllocator _ids = new(AbiLimits.MaxServices, "service");
    private readonly IndexAllocator _reals = new(AbiLimits.MaxReals, "real");

    private static FastLbConfig Modes(FastLbConfig c) => c with
    {
        Services =
        [
            c.Services[0] with { Mode = ForwardingMode.Routed, Snat = IPAddress.Parse("192.0.2.1"), SnatPorts = new PortRange(40000, 40100), Reals = [c.Services[0].Reals[0] with { Mac = null }, c.Services[0].Reals[1]] },
            c.Services[1] with { Mode = ForwardingMode.Transparent },
        ],
    };

    [RootFact]
    public void Apply_ModesSnatMacFlagServiceOwnerAndAnsweredVips()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var plan = Planner.Plan(Modes(Build(Web, Dns)), AlwaysUp.Instance, _ids, _reals);
        new MapWriter(dp).Apply(plan);

        var web = plan.Services.Single(s => s.Config.Name == "web");
        Assert.True(dp.Services.TryLookup(VipKey.Create(web.Config.Vip, 80, 6), out Service w));
        Assert.Equal((Mode.Routed, ServiceFlags.Snat, (ushort)40000, (ushort)40100, IPAddress.Parse("192.0.2.1")), (w.Mode, w.Flags, w.SnatPortMin, w.SnatPortMax, w.SnatAddress));
        var dns = plan.Services.Single(s => s.Config.Name == "dns");
        Assert.True(dp.Services.TryLookup(VipKey.Create(dns.Config.Vip, 53, 6), out Service d));
        Assert.Equal((Mode.Transparent, ServiceFlags.None, (IPAddress?)null), (d.Mode, d.Flags, d.SnatAddress));

        Assert.True(dp.Reals.TryLookup(web.Reals[0].Index, out Real r1));
        Assert.Equal((RealFlags.Up, (ushort)web.Id), (r1.Flags, r1.Service)); // no mac: no MAC flag
        Assert.True(dp.Reals.TryLookup(web.Reals[1].Index, out Real r2));
        Assert.Equal((RealFlags.Up | RealFlags.Mac, (ushort)web.Id), (r2.Flags, r2.Service));
        Assert.True(dp.Reals.TryLookup(dns.Reals[0].Index, out Real d1));
        Assert.Equal((ushort)dns.Id, d1.Service);

        // Only the transparent service's VIP is answered for (both services share no VIP here).
        Assert.True(dp.Vips.TryLookup(VipAddr.Create(dns.Config.Vip), out uint flags));
        Assert.Equal((uint)VipFlags.AnswerNeigh, flags);
        Assert.False(dp.Vips.TryLookup(VipAddr.Create(web.Config.Vip), out uint _));
    }

    [RootFact]
    public void Apply_MacChangesInItsLastByte_RealRewritten_VipNoLongerTransparent_Removed()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var writer = new MapWriter(dp);
        var config = Modes(Build(Web, Dns));
        writer.Apply(Planner.Plan(config, AlwaysUp.Instance, _ids, _reals));

        var changed = config with
        {
            Services =
            [
                config.Services[0] with { Reals = [config.Services[0].Reals[0], config.Services[0].Reals[1] with { Mac = PhysicalAddress.Parse("02-00-00-00-00-7f") }] },
                config.Services[1] with { Mode = ForwardingMode.Routed },
            ],
        };
        var plan = Planner.Plan(changed, AlwaysUp.Instance, _ids, _reals);
        writer.Apply(plan);

        Assert.True(dp.Reals.TryLookup(plan.Services[0].Reals[1].Index, out Real r2));
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-7F"), r2.MacAddress);
        Assert.Empty(dp.Vips.Keys<VipAddr>());
    }
}
