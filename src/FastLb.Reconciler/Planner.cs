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

    public static DataPlanePlan Plan(FastLbConfig config, IHealthView health, IndexAllocator serviceIds, IndexAllocator realIndices) =>
        Plan(config, health, serviceIds, realIndices, new PlanCache(), dirty: null);

    /// <summary>
    /// The plan, redoing only what changed since the plan <paramref name="cache"/> holds. With
    /// <paramref name="dirty"/> (service names whose reals' health changed; empty for a reload),
    /// every other service whose config is unchanged keeps its planned entry without asking
    /// <paramref name="health"/>; null re-reads every real's health.
    /// </summary>
    public static DataPlanePlan Plan(FastLbConfig config, IHealthView health, IndexAllocator serviceIds, IndexAllocator realIndices,
        PlanCache cache, IReadOnlySet<string>? dirty)
    {
        var stable = cache.IndicesStable(serviceIds, realIndices);
        var drafts = new List<(ServiceDraft Draft, PlanCache.Entry? Previous, bool Kept)>(config.Services.Count);
        var sameKeys = stable && config.Services.Count == cache.Count;
        foreach (var service in config.Services)
        {
            var key = ServiceKey(service);
            cache.TryGet(key, out var previous);
            if (dirty is not null && previous is not null && !dirty.Contains(service.Name) && previous.Config.Equals(service))
            {
                drafts.Add((previous.Draft, previous, true));
                continue;
            }
            // An equal config has the same keys: only health is read again.
            var draft = Draft(service, health, previous is not null && previous.Config.Equals(service) ? previous.Draft : null);
            sameKeys &= previous is not null && previous.Draft.Key == key && SameRealKeys(previous.Draft, draft);
            drafts.Add((draft, previous, false));
        }

        // Decide first, allocate after: the slots a plan needs are known before any is taken,
        // so a plan that cannot fit fails without touching the allocators. When the keys are the
        // ones the last plan held (a health change), every slot is already taken.
        HashSet<string>? liveServices = null, liveReals = null;
        if (!sameKeys)
        {
            liveServices = drafts.Select(d => d.Draft.Key).ToHashSet(StringComparer.Ordinal);
            liveReals = drafts.SelectMany(d => d.Draft.Reals).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            MakeRoom(serviceIds, liveServices);
            MakeRoom(realIndices, liveReals);
        }

        // Indices first, on this thread (the allocators are not thread-safe); then each service's
        // table, on every core when many changed (a real they all share): tables are independent.
        var planned = new PlanCache.Entry[drafts.Count];
        var pending = new List<(int At, ServiceDraft Draft, PlanCache.Entry? Previous, uint Id, List<PlannedReal> Reals)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var (draft, previous, kept) = drafts[i];
            if (kept && stable)
            {
                planned[i] = previous!;
                continue;
            }
            var (id, reals) = PlanReals(draft, previous, stable, serviceIds, realIndices);
            pending.Add((i, draft, previous, id, reals));
        }
        PerService.For(pending.Count, k =>
        {
            var (at, draft, previous, id, reals) = pending[k];
            planned[at] = PlanTable(draft, previous, id, reals, cache);
        });
        var services = new List<PlannedService>(drafts.Count);
        var entries = new Dictionary<string, PlanCache.Entry>(drafts.Count, StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            services.Add(planned[i].Planned);
            entries[drafts[i].Draft.Key] = planned[i];
        }
        if (!sameKeys)
        {
            serviceIds.RetainOnly(liveServices!);
            realIndices.RetainOnly(liveReals!);
        }
        cache.Commit(entries, serviceIds, realIndices);
        return new DataPlanePlan(services) { EncapSource4 = config.EncapSource4, EncapSource6 = config.EncapSource6 };
    }

    /// <summary>The service's identity in the data plane: VIP, port and protocol.</summary>
    public static string ServiceKey(ServiceConfig s) => $"{s.Protocol}/{RealConfig.FormatEndpoint(s.Vip, s.Port)}";

    /// <summary>A real's identity in the data plane: its service and endpoint (a backup apart).</summary>
    public static string RealKey(ServiceConfig s, RealConfig r, bool backup) =>
        $"{ServiceKey(s)}>{(backup ? "backup:" : "")}{r.Endpoint}";

    /// <param name="keysFrom">A draft of an equal config, whose keys are reused rather than formatted again.</param>
    private static ServiceDraft Draft(ServiceConfig service, IHealthView health, ServiceDraft? keysFrom = null)
    {
        var reals = new List<RealDraft>(service.Reals.Count + 1);
        for (var i = 0; i < service.Reals.Count; i++)
        {
            var real = service.Reals[i];
            var up = health.StateOf(service, real) is null or HealthState.Up;
            // The previous draft's object when nothing about the real changed: a transition then allocates per service, not per real.
            var before = keysFrom?.Reals[i];
            reals.Add(before is not null && before.Up == up && ReferenceEquals(before.Real, real) && !before.IsBackup
                ? before
                : new RealDraft(before?.Key ?? RealKey(service, real, backup: false), real, up, up && real.Weight > 0, IsBackup: false));
        }
        if (!AnyInRing(reals) && service.OnAllDown == AllDownPolicy.Backup && service.Backup is { } backup)
        {
            reals.Add(new RealDraft(RealKey(service, backup, backup: true), backup, Up: true, InRing: true, IsBackup: true));
        }
        return new ServiceDraft(keysFrom?.Key ?? ServiceKey(service), service, reals);
    }

    private static bool AnyInRing(List<RealDraft> reals)
    {
        foreach (var r in reals)
        {
            if (r.InRing)
            {
                return true;
            }
        }
        return false;
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

    private static (uint Id, List<PlannedReal> Reals) PlanReals(ServiceDraft draft, PlanCache.Entry? previous, bool stable,
        IndexAllocator serviceIds, IndexAllocator realIndices)
    {
        var id = serviceIds.Acquire(draft.Key);
        // With indices stable and the same keys, the previous plan's indices and generations still hold.
        var same = stable && previous is not null && SameRealKeys(previous.Draft, draft) ? previous.Planned.Reals : null;
        var reals = new List<PlannedReal>(draft.Reals.Count);
        for (var i = 0; i < draft.Reals.Count; i++)
        {
            var r = draft.Reals[i];
            var kept = same?[i];
            if (kept is not null && ReferenceEquals(kept.Real, r.Real) && kept.Up == r.Up && kept.InRing == r.InRing && kept.IsBackup == r.IsBackup
                && kept.Service == draft.Service.Name)
            {
                reals.Add(kept);
                continue;
            }
            reals.Add(new PlannedReal(kept?.Index ?? realIndices.Acquire(r.Key), draft.Service.Name, r.Real, r.Up, r.InRing, r.IsBackup)
            {
                Generation = kept?.Generation ?? realIndices.GenerationOf(r.Key),
            });
        }
        return (id, reals);
    }

    // Safe on several threads at once, one service each (PlanCache.Table is).
    private static PlanCache.Entry PlanTable(ServiceDraft draft, PlanCache.Entry? previous, uint id, List<PlannedReal> reals, PlanCache cache)
    {
        var (ring, maglev) = cache.Table(draft.Service, reals, previous);
        // Changed slots are known when the ring was derived from the previous plan's one.
        var changes = maglev?.Changes is { } c && ReferenceEquals(previous?.Planned.Ring, c.From) && ReferenceEquals(maglev.Ring, ring) ? c : null;
        return new PlanCache.Entry(draft.Service, draft, new PlannedService(id, draft.Service, reals, ring) { RingChanges = changes }, maglev);
    }

    private static bool SameRealKeys(ServiceDraft a, ServiceDraft b)
    {
        if (a.Reals.Count != b.Reals.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Reals.Count; i++)
        {
            if (a.Reals[i].Key != b.Reals[i].Key)
            {
                return false;
            }
        }
        return true;
    }

    internal sealed record ServiceDraft(string Key, ServiceConfig Service, IReadOnlyList<RealDraft> Reals);

    internal sealed record RealDraft(string Key, RealConfig Real, bool Up, bool InRing, bool IsBackup);
}
