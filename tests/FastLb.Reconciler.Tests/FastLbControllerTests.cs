// FastLbController on real namespaces and veths: bad input, attach/detach, reload refusals.
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class FastLbControllerTests
{

    private static FastLbController Start(FastLbConfig config) =>
        FastLbController.Start(config, NullLoggerFactory.Instance, AlwaysUp.Instance);

    [RootFact]
    public void Start_InterfaceMissing_ThrowsNamingItAndLeavesNothingLoaded()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var before = BpfDescriptors.Count();
        var e = Assert.Throws<InvalidOperationException>(() => Start(Build("nosuchif0", lab.Name, Web)));
        Assert.Contains("'nosuchif0'", e.Message, StringComparison.Ordinal);
        Assert.Contains(lab.Name, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xdp", lab.Links(), StringComparison.Ordinal);
        Assert.Equal(before, BpfDescriptors.Count());
    }

    [RootFact]
    public void Start_InterfaceOnlyInPeerNamespace_ThrowsNamingItAndAttachesNowhere()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var e = Assert.Throws<InvalidOperationException>(() => Start(Build(lab.B, lab.Name, Web)));
        Assert.Equal($"interface '{lab.B}' not found in namespace '{lab.Name}'", e.Message);
        Assert.DoesNotContain("xdp", lab.Links(), StringComparison.Ordinal);
        Assert.DoesNotContain("xdp", lab.LinkB(), StringComparison.Ordinal);
    }

    [RootFact]
    public void Start_NamespaceMissing_ThrowsNamingItAndLoadsNothing()
    {
        Privileges.RequireRoot();
        var missing = Lab.LabNames.NewPrefix() + "gone";
        var before = BpfDescriptors.Count();
        var e = Assert.Throws<InvalidOperationException>(() => Start(Build("eth0", missing, Web)));
        Assert.Contains($"'{missing}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, BpfDescriptors.Count());
        Assert.False(File.Exists($"/var/run/netns/{missing}"));
    }

    [RootFact]
    public void Start_VethInNamespace_AttachesAndFillsMaps()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        Assert.DoesNotContain("xdp", lab.LinkA(), StringComparison.Ordinal);
        using var c = Start(Build(lab.A, lab.Name, Web));
        Assert.Contains("xdp", lab.LinkA(), StringComparison.Ordinal);
        Assert.DoesNotContain("xdp", lab.LinkB(), StringComparison.Ordinal);
        Assert.Equal(lab.Lb.IfIndex(lab.A), c.DataPlane.Attachment!.Ifindex);

        Assert.True(c.DataPlane.Topology.TryLookup(0u, out Topology lb));
        Assert.Equal((uint)lab.Lb.IfIndex(lab.A), lb.Ifindex);
        Assert.Equal(lab.Lb.Mac(lab.A), string.Join(':', lb.MacAddress.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))));

        var web = c.Plan.Services.Single();
        var svc = web.Config;
        Assert.True(c.DataPlane.Services.TryLookup(VipKey.Create(svc.Vip, svc.Port, (byte)svc.Protocol), out Service entry));
        Assert.Equal(web.Id, entry.Id);
        Assert.Equal(3, web.Reals.Count(r => r.InRing));
    }

    [RootFact]
    public void Dispose_AttachedController_DetachesAndClosesEverything()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var before = BpfDescriptors.Count();
        var c = Start(Build(lab.A, lab.Name, Web));
        Assert.True(BpfDescriptors.Count() > before);
        c.Dispose();
        Assert.DoesNotContain("xdp", lab.Links(), StringComparison.Ordinal);
        Assert.Equal(before, BpfDescriptors.Count());
    }

    [RootFact]
    public void Reload_InterfaceChanged_RefusedAndConfigStays()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var config = Build(lab.A, lab.Name, Web);
        using var c = Start(config);
        var plan = c.Plan;
        var e = Assert.Throws<InvalidOperationException>(() => c.Reload(Build(lab.B, lab.Name, Web)));
        Assert.Contains(lab.B, e.Message, StringComparison.Ordinal);
        Assert.Same(config, c.RunningConfig);
        Assert.Same(plan, c.Plan);
        Assert.Contains("xdp", lab.LinkA(), StringComparison.Ordinal);
        Assert.DoesNotContain("xdp", lab.LinkB(), StringComparison.Ordinal);
    }

    [RootFact]
    public void Reload_SameInterfaceNewReal_ServedAndWritten()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        using var c = Start(Build(lab.A, lab.Name, Web));
        var next = Build(lab.A, lab.Name, Web with { Reals = [.. Web.Reals, new("r4", 14)] });
        c.Reload(next);
        Assert.Same(next, c.RunningConfig);
        var web = c.Plan.Services.Single();
        var r4 = web.Reals.Single(r => r.Real.Name == "r4");
        Assert.Contains(r4.Index, web.Ring);
        Assert.True(c.DataPlane.Reals.TryLookup(r4.Index, out Real real));
        Assert.Equal(RealFlags.Up | RealFlags.Mac, real.Flags);
        Assert.Equal(System.Net.IPAddress.Parse("192.0.2.14"), real.Address);
    }

    [RootFact]
    public void Reload_TooManyRealsForDataPlane_FailsAndRunningPlanStays()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        // `max-reals: 4096` sizes every real-indexed map, and the allocator with them.
        var config = Build(lab.A, lab.Name, Web) with { MaxReals = 4096 };
        using var c = Start(config);
        Assert.Equal(4096, c.DataPlane.Reals.MaxEntries);
        Assert.Equal(4096, c.DataPlane.RealActive.MaxEntries);
        var plan = c.Plan;
        var web = plan.Services.Single();

        var huge = config with { Services = Many(services: 17, realsEach: 250, firstPort: 1000).Services };
        Assert.True(huge.Services.Sum(s => s.Reals.Count) > 4096);
        var e = Assert.Throws<InvalidOperationException>(() => c.Reload(huge));
        Assert.Equal("too many reals: 4250 (the data plane holds at most 4096)", e.Message);

        Assert.Same(config, c.RunningConfig);
        var now = c.Plan.Services.Single();
        Assert.Equal(web.Id, now.Id);
        Assert.Equal(web.Ring, now.Ring);
        Assert.Equal(web.Reals.Select(r => r.Index), now.Reals.Select(r => r.Index));
        Assert.Single(c.DataPlane.Services.Keys<VipKey>());
        Assert.All(now.Reals, r => Assert.True(c.DataPlane.Reals.TryLookup(r.Index, out Real real) && real.Flags == (RealFlags.Up | RealFlags.Mac)));

        // The controller still takes a valid reload afterwards.
        var next = Build(lab.A, lab.Name, Web with { Reals = [new("r1", 11), new("r2", 12)] }) with { MaxReals = 4096 };
        c.Reload(next);
        Assert.Same(next, c.RunningConfig);
        Assert.Equal(2, c.Plan.Services.Single().Ring.Distinct().Count());
    }
}
