// Configurations of many services (enough for the planner and writer to spread them over threads), some sharing one pool of reals.
using FastLb.Scheduling;
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

internal static class ManyServices
{
    /// <summary>
    /// <paramref name="count"/> services on VIPs 203.0.113.1.., each taking one of five random pools
    /// (3-10 reals, weights 0-3): services of a pool list the same endpoints, so they share one Maglev
    /// base and one health state per real name.
    /// </summary>
    public static FastLbConfig Build(int count, int seed)
    {
        var random = new Random(seed);
        var pools = Enumerable.Range(0, 5).Select(p => Enumerable.Range(1, 60).OrderBy(_ => random.Next()).Take(random.Next(3, 11))
            .Select(octet => new R($"r{octet}", octet, random.Next(8) == 0 ? 0 : random.Next(1, 4))).ToList()).ToList();
        var services = Enumerable.Range(0, count).Select(s => new S($"s{s}", 1 + s, 1009, pools[s % pools.Count])).ToArray();
        return Configs.Build(services);
    }

    /// <summary>The ring a whole Maglev build over the service's reals of positive weight gives, those not in the ring refilled.</summary>
    public static uint[] WholeBuild(PlannedService service)
    {
        var basis = service.Reals.Where(r => r.Real.Weight > 0).ToList();
        if (basis.Count == 0)
        {
            return [.. Enumerable.Repeat(Planner.NoReal, service.Config.RingSize)];
        }
        var repair = new MaglevRepair([.. basis.Select(r => new MaglevBackend(r.Real.Endpoint, r.Real.Weight))], service.Config.RingSize);
        var table = repair.Build([.. basis.Select(r => !r.InRing)]);
        return [.. table.Select(b => b < 0 ? Planner.NoReal : basis[b].Index)];
    }

    /// <summary>Sets a few random reals of the config down or up.</summary>
    public static void Flip(FakeHealth health, FastLbConfig config, Random random)
    {
        var names = config.Services.SelectMany(s => s.Reals).Select(r => r.Name).Distinct().ToList();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            health.Set(names[random.Next(names.Count)], random.Next(2) == 0 ? HealthState.Down : HealthState.Up);
        }
    }
}
