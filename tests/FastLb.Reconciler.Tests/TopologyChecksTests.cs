// TopologyChecks on real namespaces: SNAT addresses, the inside interface and transparent reals' next hops; start and reload refuse what does not fit.
using FastLb.Interop.Netns;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class TopologyChecksTests
{
    private static readonly ConfigLocation ServiceAt = new("lab.yaml", 7, 5);
    private static readonly ConfigLocation RealAt = new("lab.yaml", 15, 9);

    [RootFact]
    public void Snat_AssignedInTheNamespace_Passes_AndNotAssigned_IsNamedAtItsLocation()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        lab.Lb.Ip("addr", "add", "192.0.2.2/24", "dev", lab.A);
        lab.Lb.Ip("-6", "addr", "add", "2001:db8:2::2/64", "dev", lab.A, "nodad");
        var ns = new NetworkNamespace(lab.Name);

        Assert.Empty(TopologyChecks.Find(Config(lab, ForwardingMode.Routed, snat: "192.0.2.2"), ns));
        Assert.Empty(TopologyChecks.Find(Config(lab, ForwardingMode.Routed, snat: "2001:db8:2::2"), ns));
        // The peer namespace holds 192.0.2.9; FastLb's does not.
        lab.Peer.Ip("addr", "add", "192.0.2.9/24", "dev", lab.B);
        var problems = TopologyChecks.Find(Config(lab, ForwardingMode.Routed, snat: "192.0.2.9"), ns);

        Assert.Equal(
            [$"lab.yaml:7:5: service 'web': snat address 192.0.2.9 is not assigned to any interface in network namespace '{lab.Name}'; replies to it would never reach FastLb"],
            problems);
    }

    [RootFact]
    public void InsideInterface_Existing_Passes_MissingOrSameAsOutside_IsRefused()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        AddInside(lab);
        var ns = new NetworkNamespace(lab.Name);

        Assert.Empty(TopologyChecks.Find(Config(lab, ForwardingMode.Routed) with { InsideInterface = lab.A + "i" }, ns));
        Assert.Equal(
            [$"lab.yaml: inside-interface '{lab.B}' does not exist in network namespace '{lab.Name}'"],
            TopologyChecks.Find(Config(lab, ForwardingMode.Routed) with { InsideInterface = lab.B }, ns));
        Assert.Equal(
            [$"lab.yaml: inside-interface '{lab.A}' is the same as interface; inline needs two interfaces (leave inside-interface out for one-arm)"],
            TopologyChecks.Find(Config(lab, ForwardingMode.Routed) with { InsideInterface = lab.A }, ns));
    }

    [RootFact]
    public void TransparentRealWithoutMac_OnLink_Passes_BehindAGatewayOrUnrouted_IsRefused()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var ns = new NetworkNamespace(lab.Name);
        var transparent = Config(lab, ForwardingMode.Transparent, mac: null);

        var unrouted = TopologyChecks.Find(transparent, ns);
        lab.Lb.Ip("addr", "add", "198.51.100.2/24", "dev", lab.A);
        lab.Lb.Ip("route", "add", "192.0.2.0/24", "via", "198.51.100.1");
        var viaGateway = TopologyChecks.Find(transparent, ns);
        lab.Lb.Ip("route", "del", "192.0.2.0/24", "via", "198.51.100.1");
        lab.Lb.Ip("addr", "add", "192.0.2.2/24", "dev", lab.A);
        var onLink = TopologyChecks.Find(transparent, ns);

        var expected = $"lab.yaml:15:9: real 192.0.2.11:8080 of service 'web' has no 'mac', and network namespace '{lab.Name}' has no on-link route or neighbour for 192.0.2.11 on {lab.A}; "
            + "transparent mode needs the real's MAC: give 'mac' or an address on that segment";
        Assert.Equal([expected], unrouted);
        Assert.Equal([expected], viaGateway);
        Assert.Empty(onLink);
        // Routed mode and a configured MAC need no neighbour of FastLb's own.
        lab.Lb.Ip("addr", "del", "192.0.2.2/24", "dev", lab.A);
        Assert.Empty(TopologyChecks.Find(Config(lab, ForwardingMode.Routed, mac: null), ns));
        Assert.Empty(TopologyChecks.Find(Config(lab, ForwardingMode.Transparent, mac: "02:00:00:00:00:11"), ns));
    }

    [RootFact]
    public void TransparentRealWithoutMac_OnLinkOnTheOutsideButInlineServesInside_IsRefused()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        AddInside(lab);
        lab.Lb.Ip("addr", "add", "192.0.2.2/24", "dev", lab.A);
        var ns = new NetworkNamespace(lab.Name);
        var inline = Config(lab, ForwardingMode.Transparent, mac: null) with { InsideInterface = lab.A + "i" };

        var problems = TopologyChecks.Find(inline, ns);

        Assert.Single(problems);
        Assert.StartsWith("lab.yaml:15:9: real 192.0.2.11:8080", problems[0], StringComparison.Ordinal);
        Assert.EndsWith($"on {lab.A}i; transparent mode needs the real's MAC: give 'mac' or an address on that segment", problems[0], StringComparison.Ordinal);
    }

    [RootFact]
    public void Start_SnatNotAssigned_RefusedBeforeLoadingAnything()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var before = BpfDescriptors.Count();

        var e = Assert.Throws<TopologyException>(() =>
            FastLbController.Start(Config(lab, ForwardingMode.Routed, snat: "192.0.2.2"), NullLoggerFactory.Instance, AlwaysUp.Instance));

        Assert.StartsWith("lab.yaml:7:5: service 'web': snat address 192.0.2.2 is not assigned", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("xdp", lab.Links(), StringComparison.Ordinal);
        Assert.Equal(before, BpfDescriptors.Count());
    }

    [RootFact]
    public void Reload_SnatNotAssigned_RefusedAndTheRunningConfigStays()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        lab.Lb.Ip("addr", "add", "192.0.2.2/24", "dev", lab.A);
        var running = Config(lab, ForwardingMode.Routed, snat: "192.0.2.2");
        using var controller = FastLbController.Start(running, NullLoggerFactory.Instance, AlwaysUp.Instance);
        var plan = controller.Plan;

        var e = Assert.Throws<TopologyException>(() => controller.Reload(Config(lab, ForwardingMode.Routed, snat: "192.0.2.3")));
        var insideChange = Assert.Throws<InvalidOperationException>(() => controller.Reload(running with { InsideInterface = lab.A + "i" }));

        Assert.Single(e.Problems);
        Assert.Contains("snat address 192.0.2.3", e.Problems[0], StringComparison.Ordinal);
        Assert.Contains("needs a restart", insideChange.Message, StringComparison.Ordinal);
        Assert.Same(running, controller.RunningConfig);
        Assert.Same(plan, controller.Plan);
    }

    /// <summary>One TCP service 203.0.113.10:80 (or 2001:db8:3::10 for a v6 snat) to one real on port 8080.</summary>
    private static FastLbConfig Config(LabNs lab, ForwardingMode mode, string? snat = null, string? mac = "02:00:00:00:00:11")
    {
        var v6 = snat?.Contains(':', StringComparison.Ordinal) == true;
        var real = new RealConfig("r1", IPAddress.Parse(v6 ? "2001:db8:2::11" : "192.0.2.11"), 8080, mac is null ? null : PhysicalAddress.Parse(mac), 1, null)
        {
            Location = RealAt,
        };
        var service = new ServiceConfig("web", IPAddress.Parse(v6 ? "2001:db8:3::10" : "203.0.113.10"), 80, L4Protocol.Tcp, mode,
            SchedulingAlgorithm.Maglev, 101, AllDownPolicy.Drop, null, null, [real])
        {
            Location = ServiceAt,
            Snat = snat is null ? null : IPAddress.Parse(snat),
        };
        return new FastLbConfig(lab.A, lab.Name, FastLbConfig.DefaultMetricsListen, [service]) { SourceFile = "lab.yaml" };
    }

    /// <summary>A second interface in FastLb's namespace, PREFIX+"ai" (a veth whose peer stays there too).</summary>
    private static void AddInside(LabNs lab)
    {
        lab.Lb.Ip("link", "add", lab.A + "i", "type", "veth", "peer", "name", lab.A + "j");
        lab.Lb.Ip("link", "set", lab.A + "i", "up");
    }
}
