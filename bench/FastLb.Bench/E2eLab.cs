using FastLb.Interop;
using FastLb.Interop.Bpf;
using FastLb.Lab;

namespace FastLb.Bench;

/// <summary>
/// The packet-rate lab: a generator namespace (PREFIX-g, veth PREFIX-g0), the balancer
/// (PREFIX-l: PREFIX-l0 facing the generator with the LB's MAC, PREFIX-l1 facing the reals) and the
/// reals' side (PREFIX-r, veth PREFIX-r0). bench_sink counts and drops what reaches PREFIX-g0
/// (frames a one-arm balancer sends back with XDP_TX) and PREFIX-r0 (frames sent on to the reals);
/// the balancer under test attaches to PREFIX-l0. The balancer's veths get threaded NAPI pinned to
/// another CPU than the generator's (<see cref="CpuPlacement"/>). Names are unique per run; Dispose deletes all.
/// </summary>
public sealed class E2eLab : IDisposable
{
    public const string GeneratorMac = BenchMacs.Client;
    public const string InsideMac = BenchMacs.Inside;
    public static readonly string RealsMac = BenchMacs.Real(1);

    private readonly List<IDisposable> _owned = [];

    private E2eLab(string prefix)
    {
        Prefix = prefix;
    }

    public string Prefix { get; }

    public LabNamespace Generator { get; private set; } = null!;

    public LabNamespace Balancer { get; private set; } = null!;

    public LabNamespace Reals { get; private set; } = null!;

    public string GeneratorInterface => Prefix + "g0";

    public string OutsideInterface => Prefix + "l0";

    public string InsideInterface => Prefix + "l1";

    public string RealsInterface => Prefix + "r0";

    public int GeneratorIfindex { get; private set; }

    public int OutsideIfindex { get; private set; }

    public int InsideIfindex { get; private set; }

    public int RealsIfindex { get; private set; }

    /// <summary>Counts frames back at the generator (one-arm XDP_TX).</summary>
    public BpfObject GeneratorSink { get; private set; } = null!;

    /// <summary>Counts frames that reached the reals' side.</summary>
    public BpfObject RealsSink { get; private set; } = null!;

    public static E2eLab Create()
    {
        var lab = new E2eLab(LabNames.NewPrefix());
        try
        {
            lab.Build();
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>IPv4 frames counted at the generator and at the reals' side so far.</summary>
    public (ulong AtGenerator, ulong AtReals) Received() => (SinkPackets(GeneratorSink), SinkPackets(RealsSink));

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
        _owned.Clear();
    }

    private void Build()
    {
        Generator = Own(LabNamespace.Create(Prefix + "g"));
        Balancer = Own(LabNamespace.Create(Prefix + "l"));
        Reals = Own(LabNamespace.Create(Prefix + "r"));
        // No IPv6 on the lab's veths: the kernel's own solicitations would be counted beside the generator's frames.
        foreach (var ns in new[] { Generator, Balancer, Reals })
        {
            ns.Sysctl("net.ipv6.conf.all.disable_ipv6", "1");
            ns.Sysctl("net.ipv6.conf.default.disable_ipv6", "1");
        }
        VethPair.Create(Generator, GeneratorInterface, Balancer, OutsideInterface, GeneratorMac, BenchPlane.LbMac);
        VethPair.Create(Balancer, InsideInterface, Reals, RealsInterface, InsideMac, RealsMac);
        GeneratorIfindex = Generator.IfIndex(GeneratorInterface);
        OutsideIfindex = Balancer.IfIndex(OutsideInterface);
        InsideIfindex = Balancer.IfIndex(InsideInterface);
        GeneratorSink = Own(LoadSink());
        RealsSink = Own(LoadSink());
        Own(Generator.Namespace.Run(() => GeneratorSink.Program("bench_sink").AttachXdp(GeneratorIfindex)));
        RealsIfindex = Reals.IfIndex(RealsInterface);
        Own(Reals.Namespace.Run(() => RealsSink.Program("bench_sink").AttachXdp(RealsIfindex)));
        CpuPlacement.ThreadNapi(Balancer, OutsideInterface);
        CpuPlacement.ThreadNapi(Balancer, InsideInterface);
    }

    /// <summary>
    /// Pins the NAPI threads of the balancer's two veths to the balancer's CPU (again: a stage may
    /// have made new ones); returns their PIDs, whose run time is the balancer CPU's work.
    /// </summary>
    public int[] PinBalancerNapi() => [.. CpuPlacement.PinNapi(OutsideInterface), .. CpuPlacement.PinNapi(InsideInterface)];

    /// <summary>
    /// Makes the balancer's namespace a router (what nftables and fastlb's routed mode, through
    /// bpf_fib_lookup, need): forwarding on, rp_filter off, clients 198.51.100.0/24 on the outside veth,
    /// reals 192.0.2.0/24 inside, static neighbours for the generator's client address and the three
    /// reals (all answered by the reals' veth), so nothing waits on ARP. Idempotent.
    /// </summary>
    public void MakeBalancerARouter()
    {
        var ns = Balancer;
        ns.Sysctl("net.ipv4.ip_forward", "1");
        foreach (var scope in new[] { "all", "default", OutsideInterface, InsideInterface })
        {
            ns.Sysctl($"net.ipv4.conf.{scope}.rp_filter", "0");
        }
        ns.Ip("addr", "replace", "198.51.100.1/24", "dev", OutsideInterface);
        ns.Ip("addr", "replace", "192.0.2.1/24", "dev", InsideInterface);
        ns.Ip("neigh", "replace", "198.51.100.10", "lladdr", GeneratorMac, "dev", OutsideInterface, "nud", "permanent");
        for (var i = 1; i <= 3; i++)
        {
            ns.Ip("neigh", "replace", $"192.0.2.1{i}", "lladdr", BenchMacs.Real(i), "dev", InsideInterface, "nud", "permanent");
        }
    }

    /// <summary>Keeps <paramref name="item"/> for Dispose, which disposes in reverse order.</summary>
    public T Own<T>(T item)
        where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    /// <summary>A loaded bench_sink object (its program counts and drops).</summary>
    public static BpfObject LoadSink()
    {
        var sink = BpfObject.Open(NativePaths.BpfObject("bench_sink"));
        try
        {
            sink.Load();
            return sink;
        }
        catch
        {
            sink.Dispose();
            throw;
        }
    }

    /// <summary>IPv4 frames a bench_sink object has counted, all CPUs.</summary>
    public static ulong SinkPackets(BpfObject sink)
    {
        ulong sum = 0;
        foreach (var c in sink.Map("bench_sink_count").LookupPerCpu<uint, SinkCount>(0))
        {
            sum += c.Packets;
        }
        return sum;
    }
}
