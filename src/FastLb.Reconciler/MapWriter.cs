using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// Writes a <see cref="DataPlanePlan"/> into the maps, touching only what changed. Order keeps
/// every packet consistent: reals first, then each changed ring into its idle copy (in parallel,
/// <see cref="WriteServices"/>), then the service entries that flip to them; removals go service
/// first, reals after. Flip all, then one grace period, then clear: see MapWriter.Grace.cs.
/// </summary>
public sealed partial class MapWriter
{
    private readonly DataPlane _dp;
    private readonly Dictionary<uint, WrittenService> _services = [];
    private readonly Dictionary<uint, Real> _reals = [];
    private readonly Dictionary<uint, (PlannedReal Real, uint ServiceId)> _writtenFrom = [];
    private readonly HashSet<System.Net.IPAddress> _vips = [];
    private readonly EncapWriter _encap;

    // A real without a MAC (routed, transparent via the neighbour table): zeros, FASTLB_REAL_F_MAC clear.
    private static readonly System.Net.NetworkInformation.PhysicalAddress NoMac = new(new byte[6]);

    public MapWriter(DataPlane dataPlane)
    {
        _dp = dataPlane;
        _encap = new EncapWriter(dataPlane);
    }

    /// <summary>Ring copies written so far (the whole ring, or the slots that differ, stored through the table's mapping): for metrics and tests.</summary>
    public long RingWrites { get; private set; }

    /// <summary>Ring entries written so far: a health change writes only the slots that differ from the idle copy.</summary>
    public long RingEntriesWritten { get; private set; }

    public void Apply(DataPlanePlan plan)
    {
        // Before any NAT service is written: the program drops such a service's packets without it.
        if ((_dp.Nat.Map is null || _dp.Nat.Opening is null) && plan.Services.Any(s => s.Config.Mode is ForwardingMode.Routed or ForwardingMode.Transparent))
        {
            _dp.Nat.Ensure();
        }

        // Reals can only go with a service written anew or removed: only theirs are looked at, not
        // every real of every service (100,000 of them on a large config, for one health change).
        var everything = _applied.Count == 0;
        var candidates = everything ? null : GoneCandidates(plan);
        // Live reals only matter against candidates: a health change has none, and skips 100,000 inserts.
        var track = candidates is not { Count: 0 };
        var liveReals = new HashSet<uint>();
        var reused = new Dictionary<uint, (PlannedReal Real, uint ServiceId)>();
        foreach (var service in plan.Services)
        {
            if (Unchanged(service, plan))
            {
                if (everything)
                {
                    liveReals.UnionWith(service.Reals.Select(r => r.Index));
                }
                continue;
            }
            foreach (var planned in service.Reals)
            {
                if (track)
                {
                    liveReals.Add(planned.Index);
                }
                if (_writtenFrom.TryGetValue(planned.Index, out var from) && ReferenceEquals(from.Real, planned) && from.ServiceId == service.Id)
                {
                    // The planner hands back the same object for a real whose plan did not change: its bytes are written.
                    continue;
                }
                if (_reals.TryGetValue(planned.Index, out var held) && held.Gen != planned.Generation)
                {
                    // An old table may still name the index for the real it held: the new one waits for the grace period.
                    reused[planned.Index] = (planned, service.Id);
                    continue;
                }
                WriteReal(planned, service.Id);
            }
        }

        var liveServices = new HashSet<uint>();
        var changed = new List<PlannedService>();
        var masked = new List<PlannedService>();
        var rekeyed = new List<PlannedService>();
        foreach (var service in plan.Services)
        {
            liveServices.Add(service.Id);
            if (Unchanged(service, plan))
            {
                continue;
            }
            if (HeldByAnother(service))
            {
                // The id was another service's (freed by this plan): it is written once that one is gone.
                rekeyed.Add(service);
                continue;
            }
            _encap.Write(service, plan);
            changed.Add(Masked(service, reused, masked));
        }
        WriteServices(changed);
        RememberApplied(plan);

        // Flip all, then one grace period, then clear: a program may hold any table flipped away above.
        var removed = _services.Keys.Where(id => !liveServices.Contains(id)).Concat(rekeyed.Select(s => s.Id)).ToList();
        foreach (var id in removed)
        {
            // The key first: no packet finds the id once it is gone. No key is added before the wait,
            // so no program that found this key's element reads it while another key reuses it.
            _dp.Services.Delete(_services[id].Key);
        }
        var gone = (candidates ?? (IEnumerable<uint>)_reals.Keys).Where(i => !liveReals.Contains(i) && _reals.ContainsKey(i)).ToList();
        if (gone.Count > 0 || reused.Count > 0 || removed.Count > 0)
        {
            _dp.Grace.Wait();
        }
        foreach (var id in removed)
        {
            _dp.RingTables.Remove(id);
            _dp.Services.Clear(id);
            _services.Remove(id);
        }
        ClearGone(gone);
        foreach (var (index, (real, serviceId)) in reused)
        {
            WriteReal(real, serviceId);
        }
        foreach (var service in rekeyed)
        {
            _encap.Write(service, plan);
        }
        if (masked.Count > 0 || rekeyed.Count > 0)
        {
            // The slots that name a reused index, left empty above, now name its new real; a reused id takes its new service.
            WriteServices([.. masked, .. rekeyed]);
        }
        WriteVips(plan);
    }

    // The id's entry names another VIP, port or protocol: the allocator handed a freed id to a new service.
    private bool HeldByAnother(PlannedService service) =>
        _services.TryGetValue(service.Id, out var written) && !SameBytes(written.Key, KeyOf(service));

    private static VipKey KeyOf(PlannedService service) =>
        VipKey.Create(service.Config.Vip, service.Config.Port, (byte)service.Config.Protocol);

    private void WriteReal(PlannedReal planned, uint serviceId)
    {
        var real = ToReal(planned, serviceId);
        var known = _reals.TryGetValue(planned.Index, out var old);
        if (!known || !SameBytes(old, real))
        {
            if (!known || old.Gen != real.Gen)
            {
                // Another real now holds the index: it starts from zero, not from its predecessor's counts.
                ZeroRealStats(planned.Index);
            }
            _dp.Reals.Update(planned.Index, real);
            _reals[planned.Index] = real;
        }
        _writtenFrom[planned.Index] = (planned, serviceId);
    }

    private void ZeroRealStats(uint index)
    {
        _dp.RealStats.UpdatePerCpu<uint, RealCounter>(index, new RealCounter[BpfMapCpus]);
        _dp.RealActive.Update(index, 0L);
    }

    private static int BpfMapCpus => FastLb.Interop.Bpf.BpfMap.PossibleCpus;

    /// <summary>The addresses whose ARP requests / neighbour solicitations the program answers:
    /// VIPs of transparent services with answer-arp.</summary>
    private void WriteVips(DataPlanePlan plan)
    {
        var live = plan.Services.Select(s => s.Config)
            .Where(c => c.Mode == ForwardingMode.Transparent && c.AnswerArp)
            .Select(c => c.Vip)
            .ToHashSet();
        foreach (var vip in live.Where(v => !_vips.Contains(v)))
        {
            _dp.Vips.Update(VipAddr.Create(vip), (uint)VipFlags.AnswerNeigh);
            _vips.Add(vip);
        }
        foreach (var vip in _vips.Where(v => !live.Contains(v)).ToList())
        {
            _dp.Vips.Delete(VipAddr.Create(vip));
            _vips.Remove(vip);
        }
    }

    /// <summary>
    /// Records what adopted (pinned) maps already hold for a service, so the first write after a
    /// restart fills only the idle ring copy, and only when the ring changed.
    /// </summary>
    public void Adopt(VipKey key, Service value, uint[] ring) =>
        _services[value.Id] = new WrittenService(key, value, value.RingActive, RingPatch.Whole(ring));

    /// <summary>Records what adopted maps already hold at real <paramref name="index"/>.</summary>
    public void AdoptReal(uint index, Real real) => _reals[index] = real;

    private static Service ToService(PlannedService planned, byte active)
    {
        var config = planned.Config;
        var value = new Service
        {
            Id = planned.Id,
            RingSize = (uint)planned.Ring.Length,
            RingActive = active,
            Mode = ToMode(config.Mode),
            Algorithm = ToAlgorithm(config),
            HashFields = config.Algorithm switch
            {
                SchedulingAlgorithm.Hash => (HashFields)config.HashFields,
                SchedulingAlgorithm.Sticky => (HashFields)config.StickyFields,
                _ => HashFields.All,
            },
            StickyTimeoutS = config.Algorithm == SchedulingAlgorithm.Sticky ? (uint)Math.Max(1, config.StickyTimeout.TotalSeconds) : 0,
        };
        if (config.Stateless)
        {
            value.Flags |= ServiceFlags.Stateless;
        }
        if (config.Snat is { } snat && config.Mode != ForwardingMode.DsrL2)
        {
            value.SetSnat(snat, config.SnatPorts.First, config.SnatPorts.Last);
        }
        return value;
    }

    private static Algorithm ToAlgorithm(ServiceConfig config) => config.Algorithm switch
    {
        SchedulingAlgorithm.Maglev => Algorithm.Maglev,
        SchedulingAlgorithm.RoundRobin => Algorithm.RoundRobin,
        SchedulingAlgorithm.WeightedRoundRobin => Algorithm.WeightedRoundRobin,
        SchedulingAlgorithm.LeastConnections => Algorithm.LeastConn,
        SchedulingAlgorithm.WeightedLeastConnections => Algorithm.WeightedLeastConn,
        SchedulingAlgorithm.Hash => Algorithm.Hash,
        SchedulingAlgorithm.Sticky => Algorithm.Sticky,
        _ => throw new InvalidOperationException($"service '{config.Name}': algorithm {config.Algorithm} has no data-plane value"),
    };

    private static Mode ToMode(ForwardingMode mode) => mode switch
    {
        ForwardingMode.DsrL2 => Mode.DsrL2,
        ForwardingMode.Routed => Mode.Routed,
        ForwardingMode.Transparent => Mode.Transparent,
        ForwardingMode.DsrIpip => Mode.DsrIpip,
        ForwardingMode.DsrGue => Mode.DsrGue,
        _ => throw new InvalidOperationException($"mode {mode} has no data-plane value"),
    };

    private static Real ToReal(PlannedReal planned, uint serviceId)
    {
        var flags = (planned.Up ? RealFlags.Up : RealFlags.None) | (planned.Real.Mac is null ? RealFlags.None : RealFlags.Mac);
        var real = Real.Create(planned.Real.Address, planned.Real.Port, planned.Real.Mac ?? NoMac, flags, checked((ushort)serviceId));
        real.Gen = planned.Generation;
        // New flows only go to reals in the ring: a drained or down real has weight 0 here.
        real.Weight = planned.InRing ? (uint)Math.Max(planned.Real.Weight, 1) : 0;
        return real;
    }

    // ValueType.Equals compares a fixed buffer by its first element only: two reals whose MACs or
    // IPv6 addresses differ past it would compare equal. Map values compare as bytes.
    private static bool SameBytes<T>(in T a, in T b)
        where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in a))
            .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in b)));

    private sealed record WrittenService(VipKey Key, Service Value, byte Active, RingPatch Ring);
}
