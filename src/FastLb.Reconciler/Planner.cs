using FastLb.Model;

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
        // Decide first, allocate after: the slots a plan needs are known before any is taken,
        // so a plan that cannot fit fails without touching the allocators.
        var drafts = config.Services.Select(s => Draft(s, health)).ToList();
        var liveServices = drafts.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var liveReals = drafts.SelectMany(d => d.Reals).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        MakeRoom(serviceIds, liveServices);
        MakeRoom(realIndices, liveReals);

        var services = new List<PlannedService>(drafts.Count);
        foreach (var draft in drafts)
        {
            var id = serviceIds.Acquire(draft.Key);
            var reals = draft.Reals
                .Select(r => new PlannedReal(realIndices.Acquire(r.Key), draft.Service.Name, r.Real, r.Up, r.InRing, r.IsBackup)
                {
                    Generation = realIndices.GenerationOf(r.Key),
                })
                .ToList();
            services.Add(new PlannedService(id, draft.Service, reals, SelectionTables.Build(draft.Service, [.. reals.Where(r => r.InRing)])));
        }
        serviceIds.RetainOnly(liveServices);
        realIndices.RetainOnly(liveReals);
        return new DataPlanePlan(services) { EncapSource4 = config.EncapSource4, EncapSource6 = config.EncapSource6 };
    }

    /// <summary>The service's identity in the data plane: VIP, port and protocol.</summary>
    public static string ServiceKey(ServiceConfig s) => $"{s.Protocol}/{RealConfig.FormatEndpoint(s.Vip, s.Port)}";

    /// <summary>A real's identity in the data plane: its service and endpoint (a backup apart).</summary>
    public static string RealKey(ServiceConfig s, RealConfig r, bool backup) =>
        $"{ServiceKey(s)}>{(backup ? "backup:" : "")}{r.Endpoint}";

    private static ServiceDraft Draft(ServiceConfig service, IHealthView health)
    {
        var reals = new List<RealDraft>(service.Reals.Count + 1);
        foreach (var real in service.Reals)
        {
            var up = health.StateOf(service, real) is null or HealthState.Up;
            reals.Add(new RealDraft(RealKey(service, real, backup: false), real, up, up && real.Weight > 0, IsBackup: false));
        }
        if (!reals.Any(r => r.InRing) && service.OnAllDown == AllDownPolicy.Backup && service.Backup is { } backup)
        {
            reals.Add(new RealDraft(RealKey(service, backup, backup: true), backup, Up: true, InRing: true, IsBackup: true));
        }
        return new ServiceDraft(ServiceKey(service), service, reals);
    }

    /// <summary>
    /// Fails when <paramref name="live"/> cannot fit at all. When it fits only by reusing the slots
    /// of keys this plan drops (a reload that replaces most services or reals), frees those now;
    /// otherwise they are freed after the plan, so a slot is never reused within one write.
    /// </summary>
    private static void MakeRoom(IndexAllocator allocator, IReadOnlySet<string> live)
    {
        if (live.Count > allocator.Capacity)
        {
            throw new InvalidOperationException(
                $"too many {allocator.What}s: {live.Count} (the data plane holds at most {allocator.Capacity})");
        }
        var missing = live.Count(k => !allocator.TryGet(k, out _));
        if (missing > allocator.Capacity - allocator.Count)
        {
            allocator.RetainOnly(live);
        }
    }

    private sealed record ServiceDraft(string Key, ServiceConfig Service, IReadOnlyList<RealDraft> Reals);

    private sealed record RealDraft(string Key, RealConfig Real, bool Up, bool InRing, bool IsBackup);
}
