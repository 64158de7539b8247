using FastLb.Lab;

namespace FastLb.PacketTests.Modes;

/// <summary>
/// The fastlb object with routed and transparent services, run with BPF_PROG_TEST_RUN as if frames
/// arrived on the outside (o0) or inside (i0) interface of a namespace built for it, so
/// bpf_fib_lookup answers from a known table: clients 198.51.100.0/24 and 2001:db8:1::/64 on o0,
/// reals 192.0.2.0/26 and 2001:db8:2::/64 on i0 (inline), 192.0.2.64/26 on o0 (one-arm);
/// neighbours are static; 192.0.2.12 has none; 192.0.2.200 has no route.
/// </summary>
public sealed class ModesFixture : IDisposable
{
    public const string LbOut = "02:00:00:00:01:00";
    public const string LbIn = "02:00:00:00:02:00";
    public const string ClientMac = "02:00:00:00:00:10";
    public const string RealMac = "02:00:00:00:00:11";
    public const string Real13Mac = "02:00:00:00:00:13";
    public const string OneArmMac = "02:00:00:00:00:46";

    // A real that serves several services is written once under an anchor and aliased after. The
    // two-real lists stay written out: RingChangeTests edits real a in those lines.
    public const string Yaml = """
        interface: o0
        services:
          - {name: r4, vip: 203.0.113.40, port: 80, reals: &a11 [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}]}
          - {name: r4-onearm, vip: 203.0.113.41, port: 80, reals: [{name: a, address: 192.0.2.70, mac: "02:00:00:00:00:46"}]}
          - {name: r4-snat, vip: 203.0.113.42, port: 80, reals: *a11}
          - {name: r4-snat-wide, vip: 203.0.113.47, port: 80, reals: *a11}
          - {name: r4-udp, vip: 203.0.113.43, port: 53, protocol: udp, reals: *a11}
          - {name: r4-noneigh, vip: 203.0.113.44, port: 80, reals: &a12 [{name: a, address: 192.0.2.12, mac: "02:00:00:00:00:12"}]}
          - {name: r4-noroute, vip: 203.0.113.45, port: 80, reals: [{name: a, address: 192.0.2.200, mac: "02:00:00:00:00:20"}]}
          - {name: r4-two, vip: 203.0.113.46, port: 80, reals: [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}, {name: b, address: 192.0.2.13, mac: "02:00:00:00:00:13"}]}
          - {name: r6, vip: "2001:db8:3::40", port: 80, reals: &a6 [{name: a, address: "2001:db8:2::11", mac: "02:00:00:00:00:11"}]}
          - {name: r6-snat, vip: "2001:db8:3::42", port: 80, reals: *a6}
          - {name: t4, vip: 203.0.113.50, port: 80, reals: *a11}
          - {name: t4-snat, vip: 203.0.113.52, port: 80, reals: *a11}
          - {name: t4-udp, vip: 203.0.113.53, port: 53, protocol: udp, reals: *a11}
          - {name: t4-neigh, vip: 203.0.113.54, port: 80, reals: *a11}
          - {name: t4-noneigh, vip: 203.0.113.55, port: 80, reals: *a12}
          - {name: t4-two, vip: 203.0.113.56, port: 80, reals: [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}, {name: b, address: 192.0.2.13, mac: "02:00:00:00:00:13"}]}
          - {name: t6, vip: "2001:db8:3::50", port: 80, reals: *a6}
          - {name: t6-snat, vip: "2001:db8:3::52", port: 80, reals: *a6}
          - {name: d4-two, vip: 203.0.113.66, port: 80, reals: [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}, {name: b, address: 192.0.2.13, mac: "02:00:00:00:00:13"}]}
        """;

    public static readonly ModeSpec[] Specs =
    [
        new("r4", ForwardingMode.Routed, RealPort: 8080),
        new("r4-onearm", ForwardingMode.Routed, RealPort: 8080),
        new("r4-snat", ForwardingMode.Routed, Snat: "192.0.2.1", SnatPorts: new PortRange(40000, 40001), RealPort: 8080),
        new("r4-snat-wide", ForwardingMode.Routed, Snat: "192.0.2.1", SnatPorts: SnatRaceTests.Range, RealPort: 8080),
        new("r4-udp", ForwardingMode.Routed, RealPort: 5353),
        new("r4-noneigh", ForwardingMode.Routed),
        new("r4-noroute", ForwardingMode.Routed),
        new("r4-two", ForwardingMode.Routed),
        new("r6", ForwardingMode.Routed, RealPort: 8080),
        new("r6-snat", ForwardingMode.Routed, Snat: "2001:db8:2::1", SnatPorts: new PortRange(50000, 50009), RealPort: 8080),
        new("t4", ForwardingMode.Transparent, RealPort: 8080),
        new("t4-snat", ForwardingMode.Transparent, Snat: "192.0.2.1", SnatPorts: new PortRange(41000, 41009), RealPort: 8080),
        new("t4-udp", ForwardingMode.Transparent, RealPort: 5353),
        new("t4-neigh", ForwardingMode.Transparent, RealPort: 8080, KeepMacs: false),
        new("t4-noneigh", ForwardingMode.Transparent, KeepMacs: false),
        new("t4-two", ForwardingMode.Transparent),
        new("t6", ForwardingMode.Transparent, RealPort: 8080),
        new("t6-snat", ForwardingMode.Transparent, Snat: "2001:db8:2::1", SnatPorts: new PortRange(51000, 51009), RealPort: 8080),
    ];

    private readonly LabNamespace? _ns;
    private readonly TestPlane? _plane;

    public ModesFixture()
        : this(null)
    {
    }

    private ModesFixture(DataPlaneOptions? options)
    {
        if (!Privileges.IsRoot)
        {
            return;
        }
        _ns = LabNamespace.Create(LabNames.NewPrefix() + "m");
        try
        {
            BuildNamespace(_ns);
            OutIfindex = _ns.IfIndex("o0");
            InIfindex = _ns.IfIndex("i0");
            _plane = new TestPlane(options: options);
            Config = TestPlane.Config(Yaml, Specs);
            _plane.Apply(Config);
            SetTopology(inline: true, bridge: false);
            _ns.Namespace.Run(() =>
            {
                _plane.Dp.Ports.Update((uint)Port.Outside, (uint)OutIfindex);
                _plane.Dp.Ports.Update((uint)Port.Inside, (uint)InIfindex);
            });
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>A lab of its own whose connection table has <paramref name="slots"/> slots (and NAT tables sized from it).</summary>
    public static ModesFixture WithFlowTable(int slots) => new(new DataPlaneOptions(slots, FlowTimeouts.Default));

    public FastLbConfig Config { get; private set; } = null!;

    public int OutIfindex { get; }

    public int InIfindex { get; }

    public TestPlane Plane => _plane ?? throw new InvalidOperationException("not root");

    public LabNamespace Ns => _ns ?? throw new InvalidOperationException("not root");

    /// <summary>
    /// Starts a test from a known state: requires root, clears the flow tables and writes the
    /// topology (inline on o0/i0 unless told otherwise).
    /// </summary>
    public void Fresh(bool inline = true, bool bridge = false)
    {
        Privileges.RequireRoot();
        Plane.ClearFlows();
        SetTopology(inline, bridge);
    }

    /// <summary>Writes fastlb_topology: o0 outside, i0 inside when inline (else one-arm on o0).</summary>
    public void SetTopology(bool inline, bool bridge) =>
        Plane.Dp.Topology.Update(0u, Topology.Create(Mac(LbOut), OutIfindex, inline ? Mac(LbIn) : Mac(LbOut), inline ? InIfindex : 0,
            bridge ? TopologyFlags.Bridge : TopologyFlags.None));

    /// <summary>Plans and writes <paramref name="config"/> (a reload).</summary>
    public void Apply(FastLbConfig config)
    {
        Config = config;
        Plane.Apply(config);
    }

    /// <summary>Runs frames as if they arrived on o0, in one switch into the lab's namespace; their verdicts.</summary>
    public XdpAction[] RunMany(IEnumerable<byte[]> frames) =>
        Ns.Namespace.Run(() => frames.Select(f => Plane.Run(f, OutIfindex).Verdict).ToArray());

    /// <summary>Runs a frame as if it arrived on o0 (<paramref name="inside"/> false) or i0.</summary>
    public (XdpAction Verdict, byte[] Output) Run(byte[] frame, bool inside = false) =>
        Ns.Namespace.Run(() => Plane.Run(frame, inside ? InIfindex : OutIfindex));

    /// <summary>The SNAT port the program tries first for a flow: FASTLB hash of the key, in the range.</summary>
    public static ushort FirstSnatPort(FlowKey key, PortRange range)
    {
        var hash = FlowHash.OfFlowKey(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref key, 1)));
        return (ushort)(range.First + hash % (uint)range.Count);
    }

    /// <summary>The reply key of SNAT port <paramref name="snatPort"/> from real 192.0.2.11:8080 (the SNAT services' real).</summary>
    public static FlowKey SnatReverse(ushort snatPort) =>
        FlowKey.Create(IPAddress.Parse("192.0.2.11"), 8080, IPAddress.Parse("192.0.2.1"), snatPort, 6);

    public static PhysicalAddress Mac(string text) => PhysicalAddress.Parse(text.Replace(':', '-'));

    public void Dispose()
    {
        _plane?.Dispose();
        _ns?.Dispose();
    }

    private static void BuildNamespace(LabNamespace ns)
    {
        VethPair.CreateWithSilentPeer(ns, "o0", LbOut, "o1");
        VethPair.CreateWithSilentPeer(ns, "i0", LbIn, "i1");
        ns.Sysctl("net.ipv4.conf.all.forwarding", "1");
        ns.Sysctl("net.ipv6.conf.all.forwarding", "1");
        ns.Ip("addr", "add", "198.51.100.1/24", "dev", "o0");
        ns.Ip("addr", "add", "192.0.2.65/26", "dev", "o0");
        ns.Ip("addr", "add", "2001:db8:1::1/64", "dev", "o0", "nodad");
        ns.Ip("addr", "add", "192.0.2.1/26", "dev", "i0");
        ns.Ip("addr", "add", "2001:db8:2::1/64", "dev", "i0", "nodad");
        foreach (var (addr, mac, dev) in new[]
        {
            ("198.51.100.7", ClientMac, "o0"), ("198.51.100.8", ClientMac, "o0"), ("2001:db8:1::7", ClientMac, "o0"),
            ("192.0.2.70", OneArmMac, "o0"), ("192.0.2.11", RealMac, "i0"), ("192.0.2.13", Real13Mac, "i0"), ("2001:db8:2::11", RealMac, "i0"),
        })
        {
            ns.Ip("neigh", "replace", addr, "lladdr", mac, "dev", dev, "nud", "permanent");
        }
    }
}
