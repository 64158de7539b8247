// The configs the planner benchmarks plan: S services of R reals, and the same with one real every service shares.
using System.Net;
using FastLb.Model;

namespace FastLb.Bench;

public static class PlannerConfigs
{
    /// <summary>S services on VIPs 203.0.113.x and ports from 1000, each with R reals in 192.0.2.0/24 on distinct ports.</summary>
    public static FastLbConfig Build(int services, int realsPerService, int ringSize = ServiceConfig.DefaultRingSize)
    {
        var list = new List<ServiceConfig>(services);
        for (var s = 0; s < services; s++)
        {
            var reals = new List<RealConfig>(realsPerService);
            for (var r = 0; r < realsPerService; r++)
            {
                reals.Add(new RealConfig($"r{r}", IPAddress.Parse($"192.0.2.{1 + (r % 250)}"), (ushort)(10000 + s), null, 1, null));
            }
            var vip = IPAddress.Parse($"203.0.113.{1 + (s % 250)}");
            list.Add(new ServiceConfig($"svc{s}", vip, (ushort)(1000 + s), L4Protocol.Tcp, ForwardingMode.DsrL2, SchedulingAlgorithm.Maglev, ringSize, AllDownPolicy.Drop, null, null, reals));
        }
        return new FastLbConfig("eth0", null, FastLbConfig.DefaultMetricsListen, list);
    }

    /// <summary>Every service's first real replaced by one endpoint all of them share (192.0.2.254:9000).</summary>
    public static FastLbConfig SharedReal(FastLbConfig config) => config with
    {
        Services = [.. config.Services.Select(s => s with { Reals = [s.Reals[0] with { Address = IPAddress.Parse("192.0.2.254"), Port = 9000 }, .. s.Reals.Skip(1)] })],
    };
}
