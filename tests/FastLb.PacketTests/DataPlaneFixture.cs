namespace FastLb.PacketTests;

/// <summary>The real fastlb object, loaded once per test class and filled by the controller's planner and map writer.</summary>
public sealed class DataPlaneFixture : IDisposable
{
    public const string LbMac = "02:00:00:00:00:02";
    public const string ClientMac = "02:00:00:00:00:10";

    private const string Config = """
        interface: pkt0
        services:
          - name: web
            vip: 203.0.113.10
            port: 80
            reals:
              - {name: r1, address: 192.0.2.11, mac: "02:00:00:00:00:11"}
              - {name: r2, address: 192.0.2.12, mac: "02:00:00:00:00:12"}
              - {name: r3, address: 192.0.2.13, mac: "02:00:00:00:00:13"}
          - name: dns
            vip: 203.0.113.10
            port: 53
            protocol: udp
            ring-size: 251
            reals:
              - {name: r1, address: 192.0.2.11, mac: "02:00:00:00:00:11"}
              - {name: r2, address: 192.0.2.12, mac: "02:00:00:00:00:12"}
          - name: web6
            vip: 2001:db8:3::10
            port: 80
            ring-size: 1021
            reals:
              - {name: r1, address: "2001:db8:2::11", mac: "02:00:00:00:00:11"}
              - {name: r2, address: "2001:db8:2::12", mac: "02:00:00:00:00:12"}
              - {name: r3, address: "2001:db8:2::13", mac: "02:00:00:00:00:13"}
          - name: empty
            vip: 203.0.113.20
            port: 80
            reals:
              - {name: r1, address: 192.0.2.11, mac: "02:00:00:00:00:11", weight: 0}
        """;

    private readonly DataPlane? _dp;
    private readonly MapWriter? _writer;
    private readonly FastLbConfig _config = ConfigLoader.Parse(Config, "packet-tests.yaml", DataPlaneLimits.Config);
    private readonly IndexAllocator _serviceIds = new(AbiLimits.MaxServices, "service");
    private readonly IndexAllocator _realIndices = new(AbiLimits.MaxReals, "real");

    public DataPlaneFixture()
    {
        if (!Privileges.IsRoot)
        {
            return; // each test calls Privileges.RequireRoot() and fails (CI) or is skipped
        }
        _dp = DataPlane.Load(NullLogger.Instance);
        _writer = new MapWriter(_dp);
        Replan(AlwaysUp.Instance);
        _dp.Topology.Update(0u, Topology.Create(PhysicalAddress.Parse(LbMac.Replace(':', '-')), 1));
    }

    public DataPlane Dp => _dp ?? throw new InvalidOperationException("not root");

    public DataPlanePlan Plan { get; private set; } = new([]);

    /// <summary>Plans and writes the maps for <paramref name="health"/>, as the controller does on a transition.</summary>
    public void Replan(IHealthView health)
    {
        Plan = Planner.Plan(_config, health, _serviceIds, _realIndices);
        _writer!.Apply(Plan);
    }

    /// <summary>Runs one frame through the program; returns the verdict and the output frame.</summary>
    public (XdpAction Verdict, byte[] Output) Run(byte[] frame)
    {
        var output = new byte[frame.Length + 256];
        var result = Dp.Program.TestRun(frame, output);
        return (result.Verdict, output[..result.OutputLength]);
    }

    /// <summary>Total packets counted under <paramref name="reason"/> over all CPUs.</summary>
    public ulong Count(Reason reason) => DataPlaneCounts.Count(Dp, reason);

    /// <summary>Packets per reason (index = reason), summed over CPUs.</summary>
    public ulong[] Snapshot() => DataPlaneCounts.Snapshot(Dp);

    /// <summary>The reasons whose count changed since <paramref name="before"/>, with the change.</summary>
    public Dictionary<Reason, ulong> DeltaSince(ulong[] before) => DataPlaneCounts.DeltaSince(Dp, before);

    /// <summary>The per-real counters of real <paramref name="index"/>, summed over CPUs.</summary>
    public RealCounter RealCount(uint index) => Dp.RealStats.LookupPerCpu<uint, RealCounter>(index)
        .Aggregate(default(RealCounter), (s, c) => new RealCounter { Packets = s.Packets + c.Packets, Bytes = s.Bytes + c.Bytes, NewFlows = s.NewFlows + c.NewFlows });

    /// <summary>The planned service whose VIP key the flow's destination matches, if any.</summary>
    public PlannedService? ServiceFor(FlowKey key) => Plan.Services.SingleOrDefault(s =>
        s.Config.Vip.Equals(key.Destination) && s.Config.Port == key.DestinationPort && (byte)s.Config.Protocol == key.Proto);

    /// <summary>
    /// The C# reference of the program's choice for a new flow: the flow hash of the key, modulo the
    /// ring size, through the ring the controller wrote.
    /// </summary>
    public PlannedReal ExpectedReal(FlowKey key)
    {
        var hash = FlowHash.OfFlowKey(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref key, 1)));
        var planned = ServiceFor(key) ?? throw new InvalidOperationException($"no service for {key}");
        var index = planned.Ring[hash % (uint)planned.Ring.Length];
        return planned.Reals.Single(r => r.Index == index);
    }

    /// <summary><see cref="ExpectedReal(FlowKey)"/>'s MAC, as "aa:bb:cc:dd:ee:ff".</summary>
    public string ExpectedRealMac(string service, IPAddress src, ushort sport, IPAddress dst, ushort dport, byte proto)
    {
        var real = ExpectedReal(FlowKey.Create(src, sport, dst, dport, proto));
        Assert.Equal(service, real.Service);
        return MacOf(real);
    }

    /// <summary>A planned real's MAC, as "aa:bb:cc:dd:ee:ff".</summary>
    public static string MacOf(PlannedReal real) => MacAddress.Read(real.Real.Mac!.GetAddressBytes()).ToString();

    public void ClearFlows() => Dp.Flows.Clear();

    public void Dispose() => _dp?.Dispose();
}
