// `max-services` and `max-reals` size the maps at load; 10,000 services and 100,000 reals load and forward.
using System.Text;

namespace FastLb.PacketTests;

public sealed class MapSizeTests
{
    private const string Lb = "02:00:00:00:00:02";
    private const string ClientMac = "02:00:00:00:00:10";

    private static readonly string[] ServiceMaps = ["fastlb_services", "fastlb_service_live", "fastlb_service_key", "fastlb_svc_stats", "fastlb_rr_pos", "fastlb_vips", "fastlb_encap"];
    private static readonly string[] RealMaps = ["fastlb_reals", "fastlb_real_stats", "fastlb_real_active", "fastlb_real_hops"];

    // Service s: VIP 203.0.113.(1 + s / 250), port 1000 + s % 250; real r: 192.0.2.(1 + r):80, MAC 02:00:ss:ss:00:(r + 1).
    private static string Yaml(int services, int realsEach, int ringSize, int maxServices, int maxReals)
    {
        var sb = new StringBuilder($"interface: pkt0\nflow-table-size: 4096\nmax-services: {maxServices}\nmax-reals: {maxReals}\nservices:\n");
        for (var s = 0; s < services; s++)
        {
            sb.Append($"  - name: s{s}\n    vip: 203.0.113.{1 + (s / 250)}\n    port: {1000 + (s % 250)}\n    ring-size: {ringSize}\n    reals:\n");
            for (var r = 0; r < realsEach; r++)
            {
                sb.Append($"      - {{address: 192.0.2.{1 + r}, mac: \"02:00:{s >> 8:x2}:{s & 0xff:x2}:00:{r + 1:x2}\"}}\n");
            }
        }
        return sb.ToString();
    }

    private static (FastLbConfig Config, DataPlane Dp, DataPlanePlan Plan) Load(string yaml)
    {
        var config = ConfigLoader.Parse(yaml, "sizes.yaml", DataPlaneLimits.Config);
        var dp = DataPlane.Load(NullLogger.Instance, DataPlaneOptions.From(config));
        try
        {
            dp.Topology.Update(0u, Topology.Create(PhysicalAddress.Parse("02-00-00-00-00-02"), 1));
            var plan = Planner.Plan(config, AlwaysUp.Instance, new IndexAllocator((uint)dp.Services.MaxEntries, "service"), new IndexAllocator((uint)dp.Reals.MaxEntries, "real"));
            new MapWriter(dp).Apply(plan);
            return (config, dp, plan);
        }
        catch
        {
            dp.Dispose();
            throw;
        }
    }

    /// <summary>Sends new flows to service <paramref name="s"/>: each reaches the real its live table's slot names.</summary>
    private static void AssertForwardsByItsTable(DataPlane dp, DataPlanePlan plan, int s)
    {
        var service = plan.Services.Single(p => p.Config.Name == $"s{s}");
        var vip = service.Config.Vip;
        for (ushort sport = 40000; sport < 40020; sport++)
        {
            var frame = Frame.Ethernet(ClientMac, Lb).IPv4(IPAddress.Parse("198.51.100.7"), vip).Tcp(sport, service.Config.Port, TcpFlags.Syn).Build();
            var output = new byte[frame.Length + 256];
            var result = dp.Program.TestRun(frame, output);
            Assert.Equal(XdpAction.Tx, result.Verdict);
            var key = FlowKey.Create(IPAddress.Parse("198.51.100.7"), sport, vip, service.Config.Port, 6);
            var hash = FlowHash.OfFlowKey(MemoryMarshal.AsBytes(new ReadOnlySpan<FlowKey>(in key)));
            var expected = service.Reals.Single(r => r.Index == service.Ring[hash % (uint)service.Ring.Length]);
            Assert.Equal(expected.Real.Mac!.ToString(), new PhysicalAddress(output[..6]).ToString());
        }
    }

    [RootFact]
    public void SmallSizes_EveryServiceAndRealMapHoldsThem_LastServiceForwards()
    {
        Privileges.RequireRoot();
        var (config, dp, plan) = Load(Yaml(services: 4, realsEach: 4, ringSize: 13, maxServices: 4, maxReals: 16));
        using (dp)
        {
            Assert.Equal((4, 16), (config.MaxServices, config.MaxReals));
            Assert.All(ServiceMaps, m => Assert.Equal(4, MaxEntries(dp, m)));
            Assert.All(RealMaps, m => Assert.Equal(16, MaxEntries(dp, m)));
            Assert.Equal(8, dp.Rings.MaxEntries);
            Assert.Equal(8, dp.Services.Configs.MaxEntries);
            AssertForwardsByItsTable(dp, plan, 3);
        }
    }

    [RootFact]
    public void TenThousandServicesHundredThousandReals_LoadAndForwardNearTheEnd()
    {
        Privileges.RequireRoot();
        var yaml = Yaml(services: 10_000, realsEach: 10, ringSize: 1021, maxServices: 10_000, maxReals: 100_000);
        Assert.True(yaml.Length > 4 * 1024 * 1024, "the file is several megabytes, as an operator's would be");
        var (_, dp, plan) = Load(yaml);
        using (dp)
        {
            Assert.Equal(10_000, dp.Services.MaxEntries);
            Assert.Equal(20_000, dp.Rings.MaxEntries);
            Assert.Equal(20_000, dp.Services.Configs.MaxEntries);
            Assert.Equal(100_000, dp.Reals.MaxEntries);
            Assert.Equal(100_000, plan.Services.Sum(s => s.Reals.Count));
            AssertForwardsByItsTable(dp, plan, 9_998);
            AssertForwardsByItsTable(dp, plan, 9_999);
            AssertForwardsByItsTable(dp, plan, 0);
            // One copy per service so far (the second comes with the first change), one page each.
            Assert.Equal(10_000L * Environment.SystemPageSize, dp.RingTables.MappedBytes);
        }
    }

    private static int MaxEntries(DataPlane dp, string map) => map switch
    {
        "fastlb_services" => dp.Services.Ids.MaxEntries,
        "fastlb_service_live" => dp.Services.Live.MaxEntries,
        "fastlb_service_key" => dp.Services.Index!.Keys.MaxEntries,
        "fastlb_svc_stats" => dp.ServiceStats.MaxEntries,
        "fastlb_rr_pos" => dp.RoundRobinPositions.MaxEntries,
        "fastlb_vips" => dp.Vips.MaxEntries,
        "fastlb_encap" => dp.Encap.MaxEntries,
        "fastlb_reals" => dp.Reals.MaxEntries,
        "fastlb_real_stats" => dp.RealStats.MaxEntries,
        "fastlb_real_active" => dp.RealActive.MaxEntries,
        _ => dp.RealHops.MaxEntries,
    };
}
