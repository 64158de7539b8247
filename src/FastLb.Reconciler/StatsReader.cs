using FastLb.Interop.Abi;

namespace FastLb.Reconciler;

/// <summary>Reads the per-CPU counter maps and sums them; labels come from the current plan.</summary>
public static class StatsReader
{
    public static StatsSnapshot Read(DataPlane dp, DataPlanePlan plan)
    {
        var reasons = new List<ReasonStats>();
        foreach (var reason in Enum.GetValues<Reason>())
        {
            var (packets, bytes) = Sum(dp.Stats.LookupPerCpu<uint, Counter>((uint)reason));
            reasons.Add(new ReasonStats(reason, Reasons.Verdict(reason).ToString().ToLowerInvariant(), packets, bytes));
        }

        var services = new List<ServiceStats>();
        var reals = new List<RealStats>();
        foreach (var service in plan.Services)
        {
            var (packets, bytes) = Sum(dp.ServiceStats.LookupPerCpu<uint, Counter>(service.Id));
            services.Add(new ServiceStats(service.Config.Name, packets, bytes));
            foreach (var real in service.Reals)
            {
                ulong p = 0, b = 0, f = 0;
                foreach (var c in dp.RealStats.LookupPerCpu<uint, RealCounter>(real.Index))
                {
                    p += c.Packets;
                    b += c.Bytes;
                    f += c.NewFlows;
                }
                var active = dp.RealActive.TryLookup(real.Index, out long n) ? Math.Max(n, 0) : 0;
                reals.Add(new RealStats(service.Config.Name, real.Real.Name, real.Up, real.InRing, p, b, f) { ActiveFlows = active });
            }
        }
        return new StatsSnapshot(reasons, services, reals);
    }

    private static (ulong Packets, ulong Bytes) Sum(Counter[] perCpu)
    {
        ulong packets = 0, bytes = 0;
        foreach (var c in perCpu)
        {
            packets += c.Packets;
            bytes += c.Bytes;
        }
        return (packets, bytes);
    }
}
