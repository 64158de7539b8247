using FastLb.Lab;

namespace FastLb.PacketTests.Modes;

/// <summary>
/// The fastlb object with dsr-ipip and dsr-gue services, run with BPF_PROG_TEST_RUN as if frames
/// arrived on o0 of a namespace built for bpf_fib_lookup: FastLb one-arm on 198.51.100.0/24 and
/// 2001:db8:1::/64, the reals 192.0.2.0/24 and 2001:db8:2::/64 behind the router .254 / ::fe
/// (static neighbour); routes with a locked MTU 1400 (what bpf_fib_lookup reports) to 192.0.2.50 and 2001:db8:2::50; 192.0.2.60 behind
/// a next hop with no neighbour entry. encap-source varies 4 bits (v4) and 8 bits (v6) per flow.
/// </summary>
public sealed class EncapFixture : IDisposable
{
    public const string LbMac = "02:00:00:00:01:00";
    public const string RouterMac = "02:00:00:00:00:fe";
    public const string Source4 = "198.51.100.16";
    public const string Source6 = "2001:db8:1::100";

    public const string Yaml = """
        interface: o0
        encap-source: {v4: 198.51.100.16/28, v6: "2001:db8:1::100/120"}
        services:
          - {name: ipip4, vip: 203.0.113.70, port: 80, mode: dsr-ipip, reals: [{name: a, address: 192.0.2.11}]}
          - {name: gue4, vip: 203.0.113.71, port: 80, mode: dsr-gue, reals: [{name: a, address: 192.0.2.11}]}
          - {name: ipip6, vip: "2001:db8:3::70", port: 80, mode: dsr-ipip, reals: [{name: a, address: "2001:db8:2::11"}]}
          - {name: gue6, vip: "2001:db8:3::71", port: 80, mode: dsr-gue, gue-port: 7000, reals: [{name: a, address: "2001:db8:2::11"}]}
          - {name: ipip4-mtu, vip: 203.0.113.72, port: 80, mode: dsr-ipip, reals: [{name: a, address: 192.0.2.50}]}
          - {name: gue6-mtu, vip: "2001:db8:3::72", port: 80, mode: dsr-gue, reals: [{name: a, address: "2001:db8:2::50"}]}
          - {name: ipip4-noneigh, vip: 203.0.113.73, port: 80, mode: dsr-ipip, reals: [{name: a, address: 192.0.2.60}]}
          - {name: gue4-udp, vip: 203.0.113.74, port: 53, protocol: udp, mode: dsr-gue, reals: [{name: a, address: 192.0.2.11}]}
          - {name: ipip4-two, vip: 203.0.113.75, port: 80, mode: dsr-ipip, reals: [{name: a, address: 192.0.2.11}, {name: b, address: 192.0.2.13}]}
        """;

    private readonly LabNamespace? _ns;
    private readonly TestPlane? _plane;

    public EncapFixture()
    {
        if (!Privileges.IsRoot)
        {
            return;
        }
        _ns = LabNamespace.Create(LabNames.NewPrefix() + "e");
        try
        {
            BuildNamespace(_ns);
            Ifindex = _ns.IfIndex("o0");
            _plane = new TestPlane();
            Config = ConfigLoader.Parse(Yaml, "encap.yaml", DataPlaneLimits.Config);
            _plane.Apply(Config);
            _plane.Dp.Topology.Update(0u, Topology.Create(PhysicalAddress.Parse(LbMac.Replace(':', '-')), Ifindex));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public FastLbConfig Config { get; private set; } = null!;

    public int Ifindex { get; }

    public TestPlane Plane => _plane ?? throw new InvalidOperationException("not root");

    public LabNamespace Ns => _ns ?? throw new InvalidOperationException("not root");

    public void Apply(FastLbConfig config)
    {
        Config = config;
        Plane.Apply(config);
    }

    /// <summary>Runs a frame as if it arrived on o0.</summary>
    public (XdpAction Verdict, byte[] Output) Run(byte[] frame) => Ns.Namespace.Run(() => Plane.Run(frame, Ifindex));

    /// <summary>The flow hash the program computes for a request's 5-tuple.</summary>
    public static uint Hash(string client, ushort sport, string vip, ushort dport, byte proto)
    {
        var key = FlowKey.Create(IPAddress.Parse(client), sport, IPAddress.Parse(vip), dport, proto);
        return FlowHash.OfFlowKey(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref key, 1)));
    }

    /// <summary>The outer source of a flow: encap-source (<paramref name="source"/>, else the fixture's) with its
    /// host bits (4 for v4, 8 for v6) from the hash's low bits.</summary>
    public static string OuterSource(bool v6, uint hash, string? source = null)
    {
        var bytes = IPAddress.Parse(source ?? (v6 ? Source6 : Source4)).GetAddressBytes();
        bytes[^1] = v6 ? (byte)(bytes[^1] | (hash & 0xff)) : (byte)(bytes[^1] | (hash & 0xf));
        return new IPAddress(bytes).ToString();
    }

    public void Dispose()
    {
        _plane?.Dispose();
        _ns?.Dispose();
    }

    private static void BuildNamespace(LabNamespace ns)
    {
        VethPair.CreateWithSilentPeer(ns, "o0", LbMac, "o1");
        ns.Sysctl("net.ipv4.conf.all.forwarding", "1");
        ns.Sysctl("net.ipv6.conf.all.forwarding", "1");
        ns.Ip("addr", "add", "198.51.100.1/24", "dev", "o0");
        ns.Ip("addr", "add", "2001:db8:1::1/64", "dev", "o0", "nodad");
        ns.Ip("route", "add", "192.0.2.0/24", "via", "198.51.100.254");
        ns.Ip("route", "add", "192.0.2.50/32", "via", "198.51.100.254", "mtu", "lock", "1400");
        ns.Ip("route", "add", "192.0.2.60/32", "via", "198.51.100.253");
        ns.Ip("-6", "route", "add", "2001:db8:2::/64", "via", "2001:db8:1::fe");
        ns.Ip("-6", "route", "add", "2001:db8:2::50/128", "via", "2001:db8:1::fe", "mtu", "lock", "1400");
        ns.Ip("neigh", "replace", "198.51.100.254", "lladdr", RouterMac, "dev", "o0", "nud", "permanent");
        ns.Ip("neigh", "replace", "2001:db8:1::fe", "lladdr", RouterMac, "dev", "o0", "nud", "permanent");
    }
}
