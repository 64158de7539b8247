using FastLb.Model;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// Turns configuration and health into the desired map contents. Pure: no kernel access,
/// so every decision (who is in the ring, who stays up, when the backup takes over) is unit
/// tested. Slots come from allocators so ids stay put across reloads.
/// </summary>
public static class Planner
{
    public const uint NoReal = 0xffffffffu;

    public static DataPlanePlan Plan(FastLbConfig config, IHealthView health, IndexAllocator serviceIds, IndexAllocator realIndices)
    {
        var services = new List<PlannedService>(config.Services.Count);
        var liveServices = new HashSet<string>(StringComparer.Ordinal);
        var liveReals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in config.Services)
        {
            var serviceKey = ServiceKey(service);
            liveServices.Add(serviceKey);
            var id = serviceIds.Acquire(serviceKey);
            var reals = new List<PlannedReal>(service.Reals.Count + 1);
            foreach (var real in service.Reals)
            {
                var key = RealKey(service, real, backup: false);
                liveReals.Add(key);
                var up = health.StateOf(service, real) is null or HealthState.Up;
                reals.Add(new PlannedReal(realIndices.Acquire(key), service.Name, real, up, up && real.Weight > 0, IsBackup: false));
            }

            var eligible = reals.Where(r => r.InRing).ToList();
            if (eligible.Count == 0 && service.OnAllDown == AllDownPolicy.Backup && service.Backup is { } backup)
            {
                var key = RealKey(service, backup, backup: true);
                liveReals.Add(key);
                var planned = new PlannedReal(realIndices.Acquire(key), service.Name, backup, Up: true, InRing: true, IsBackup: true);
                reals.Add(planned);
                eligible.Add(planned);
            }
            services.Add(new PlannedService(id, service, reals, BuildRing(service.RingSize, eligible)));
        }
        serviceIds.RetainOnly(liveServices);
        realIndices.RetainOnly(liveReals);
        return new DataPlanePlan(services);
    }

    /// <summary>The service's identity in the data plane: VIP, port and protocol.</summary>
    public static string ServiceKey(ServiceConfig s) => $"{s.Protocol}/{RealConfig.FormatEndpoint(s.Vip, s.Port)}";

    private static string RealKey(ServiceConfig s, RealConfig r, bool backup) =>
        $"{ServiceKey(s)}>{(backup ? "backup:" : "")}{r.Endpoint}";

    private static uint[] BuildRing(int size, List<PlannedReal> eligible)
    {
        var ring = new uint[size];
        if (eligible.Count == 0)
        {
            Array.Fill(ring, NoReal);
            return ring;
        }
        // Keyed by endpoint, so every node builds the same table from the same config.
        var backends = eligible.Select(r => new MaglevBackend(r.Real.Endpoint, Math.Max(r.Real.Weight, 1))).ToList();
        var table = MaglevTable.Build(backends, size);
        for (var i = 0; i < size; i++)
        {
            ring[i] = table[i] < 0 ? NoReal : eligible[table[i]].Index;
        }
        return ring;
    }
}
