using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// Writes a <see cref="DataPlanePlan"/> into the maps, touching only what changed. Order keeps
/// every packet consistent: reals first, then each changed ring into its idle copy, then the
/// service entry that flips to it; removals go service first, reals after.
/// </summary>
public sealed class MapWriter
{
    private readonly DataPlane _dp;
    private readonly Dictionary<uint, WrittenService> _services = [];
    private readonly Dictionary<uint, Real> _reals = [];

    public MapWriter(DataPlane dataPlane)
    {
        _dp = dataPlane;
    }

    /// <summary>Ring copies written so far (each a batch of ring-size entries): for metrics and tests.</summary>
    public long RingWrites { get; private set; }

    public void Apply(DataPlanePlan plan)
    {
        var liveReals = new HashSet<uint>();
        foreach (var planned in plan.Reals)
        {
            liveReals.Add(planned.Index);
            var real = ToReal(planned);
            if (!_reals.TryGetValue(planned.Index, out var old) || !old.Equals(real))
            {
                _dp.Reals.Update(planned.Index, real);
                _reals[planned.Index] = real;
            }
        }

        var liveServices = new HashSet<uint>();
        foreach (var service in plan.Services)
        {
            liveServices.Add(service.Id);
            WriteService(service);
        }

        foreach (var id in _services.Keys.Where(id => !liveServices.Contains(id)).ToList())
        {
            _dp.Services.Delete(_services[id].Key);
            _services.Remove(id);
        }
        foreach (var index in _reals.Keys.Where(i => !liveReals.Contains(i)).ToList())
        {
            // A zeroed real has no UP flag, so flows still pinned to it are rescheduled.
            _dp.Reals.Update(index, default(Real));
            _reals.Remove(index);
        }
    }

    /// <summary>
    /// Records what adopted (pinned) maps already hold for a service, so the first write after a
    /// restart fills only the idle ring copy, and only when the ring changed.
    /// </summary>
    public void Adopt(VipKey key, Service value, uint[] ring) =>
        _services[value.Id] = new WrittenService(key, value, value.RingActive, ring);

    /// <summary>Records what adopted maps already hold at real <paramref name="index"/>.</summary>
    public void AdoptReal(uint index, Real real) => _reals[index] = real;

    private void WriteService(PlannedService planned)
    {
        var config = planned.Config;
        var key = VipKey.Create(config.Vip, config.Port, (byte)config.Protocol);
        _services.TryGetValue(planned.Id, out var written);
        if (written is not null && !written.Key.Equals(key))
        {
            _dp.Services.Delete(written.Key);
            written = null;
        }

        byte active = written?.Active ?? 0;
        if (written is null || !written.Ring.AsSpan().SequenceEqual(planned.Ring))
        {
            active = written is null ? (byte)0 : (byte)(written.Active ^ 1);
            WriteRing(planned.Id, active, planned.Ring);
        }

        var value = new Service { Id = planned.Id, RingSize = (uint)planned.Ring.Length, RingActive = active, Mode = Mode.DsrL2, Algorithm = Algorithm.Maglev };
        if (written is null || !written.Value.Equals(value))
        {
            _dp.Services.Update(key, value);
        }
        _services[planned.Id] = new WrittenService(key, value, active, planned.Ring);
    }

    private void WriteRing(uint id, byte copy, uint[] ring)
    {
        var keys = new uint[ring.Length];
        for (var slot = 0; slot < ring.Length; slot++)
        {
            keys[slot] = AbiLimits.RingIndex(id, copy, (uint)slot);
        }
        _dp.Rings.UpdateBatch<uint, uint>(keys, ring);
        RingWrites++;
    }

    private static Real ToReal(PlannedReal planned) =>
        Real.Create(planned.Real.Address, planned.Real.Port, planned.Real.Mac ?? System.Net.NetworkInformation.PhysicalAddress.None,
            planned.Up ? RealFlags.Up : RealFlags.None);

    private sealed record WrittenService(VipKey Key, Service Value, byte Active, uint[] Ring);
}
