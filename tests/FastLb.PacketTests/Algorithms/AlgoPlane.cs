namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// One dsr-l2 service `s` (VIP 203.0.113.60:80) under test with its algorithm: frames run through
/// the real object; the real a frame reached is read from its destination MAC.
/// </summary>
public sealed class AlgoPlane : IDisposable
{
    public const string Lb = "02:00:00:00:00:02";
    public const string ClientMac = "02:00:00:00:00:10";
    public static readonly IPAddress Vip = IPAddress.Parse("203.0.113.60");

    public AlgoPlane(string serviceKeys, string reals, DataPlaneOptions? options = null)
    {
        Privileges.RequireRoot();
        Plane = new TestPlane(options: options);
        try
        {
            Plane.Dp.Topology.Update(0u, Topology.Create(PhysicalAddress.Parse("02-00-00-00-00-02"), 1));
            Apply(serviceKeys, reals);
        }
        catch
        {
            Plane.Dispose();
            throw;
        }
    }

    public TestPlane Plane { get; }

    public PlannedService Service => Plane.Plan.Services.Single();

    public static string Yaml(string serviceKeys, string reals) =>
        "interface: pkt0\nservices:\n  - name: s\n    vip: 203.0.113.60\n    port: 80\n" + serviceKeys + "    reals:\n" + reals;

    /// <summary>Reals r1..rN, MAC 02:00:00:00:00:2i, weight w_i.</summary>
    public static string Reals(params int[] weights) => string.Concat(weights.Select((w, i) =>
        $"      - {{name: r{i + 1}, address: 192.0.2.{21 + i}, mac: \"02:00:00:00:00:{0x21 + i:x2}\", weight: {w}}}\n"));

    public void Apply(string serviceKeys, string reals) => Plane.Apply(TestPlane.Config(Yaml(serviceKeys, reals)));

    public static IPAddress Client(int n) => new(new byte[] { 198, 51, 100, (byte)(1 + (n % 250)) });

    /// <summary>Sends one TCP segment of flow (client, sport); returns the real's name, or null when not forwarded.</summary>
    public string? Send(IPAddress client, ushort sport, TcpFlags flags = TcpFlags.Syn)
    {
        var frame = Frame.Ethernet(ClientMac, Lb).IPv4(client, Vip).Tcp(sport, 80, flags).Build();
        var (verdict, output) = Plane.Run(frame);
        if (verdict != XdpAction.Tx)
        {
            return null;
        }
        // Real ri has MAC 02:00:00:00:00:(20 + i), hex.
        var mac = MacAddress.Read(output).ToString();
        return "r" + (Convert.ToInt32(mac[^2..], 16) - 0x20).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public ulong Events(FlowEvent e) => Plane.Events(e);

    public PlannedReal Real(string name) => Service.Reals.Single(r => r.Real.Name == name);

    public string NameOf(uint index) => Service.Reals.Single(r => r.Index == index).Real.Name;

    /// <summary>The real in the ring slot of <paramref name="key"/>'s flow hash, as the data plane picks it.</summary>
    public string RingReal(FlowKey key)
    {
        var hash = FlowHash.OfFlowKey(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref key, 1)));
        return NameOf(Service.Ring[hash % (uint)Service.Ring.Length]);
    }

    public long Active(string name) => Plane.Dp.RealActive.TryLookup(Real(name).Index, out long n) ? n : throw new InvalidOperationException("no active entry");

    public void SetActive(string name, long n) => Plane.Dp.RealActive.Update(Real(name).Index, n);

    public ulong NewFlows(string name) =>
        Plane.Dp.RealStats.LookupPerCpu<uint, RealCounter>(Real(name).Index).Aggregate(0ul, (s, c) => s + c.NewFlows);

    public static FlowKey Key(IPAddress client, ushort sport) => FlowKey.Create(client, sport, Vip, 80, 6);

    /// <summary>The sticky entry's key of <paramref name="client"/> (sticky on its source address).</summary>
    public StickyKey StickyKeyOf(IPAddress client) => new()
    {
        Fields = FlowKey.Create(client, 0, IPAddress.Any, 0, 0),
        Service = Service.Id,
    };

    /// <summary>The flow's entry in the connection table.</summary>
    public Flow FlowOf(IPAddress client, ushort sport)
    {
        Assert.True(Plane.Dp.Flows.TryLookup(Key(client, sport), out Flow flow));
        return flow;
    }

    /// <summary>Moves the flow's last-seen time back by <paramref name="age"/>: as if it had been idle that long.</summary>
    public void Age(IPAddress client, ushort sport, TimeSpan age) => Plane.Age(Key(client, sport), age);

    public void Dispose() => Plane.Dispose();
}
