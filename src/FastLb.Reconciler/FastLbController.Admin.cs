using FastLb.Health;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// What operators change and read at run time: drains and weights layered over the config
/// (applied at once, undone if the data plane refuses them), and each check's last verdict.
/// </summary>
public sealed partial class FastLbController
{
    private readonly RuntimeOverrides _overrides = new();

    /// <summary>After each reconcile that wrote the maps: why it ran and how long planning and writing took (under the controller's lock).</summary>
    public event Action<string, TimeSpan>? Reconciled;

    /// <summary>The overrides in force, by service and real name.</summary>
    public IReadOnlyDictionary<(string Service, string Real), RealOverride> Overrides
    {
        get
        {
            lock (_gate)
            {
                return _overrides.All;
            }
        }
    }

    /// <summary>Every check target with its state and the reason of its last probe.</summary>
    public IReadOnlyList<TargetHealth> HealthSnapshot() => _scheduler.Snapshot();

    /// <summary>Drains (or undrains) a real: its flows stay, new flows avoid it.</summary>
    /// <exception cref="KeyNotFoundException">No such service or real.</exception>
    public void SetDrained(string service, string real, bool drained) =>
        Change(service, real, o => o with { Drained = drained });

    /// <summary>Serves a real with <paramref name="weight"/> instead of its configured weight (null: back to the config).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The weight is outside 0..<see cref="RealConfig.MaxWeight"/>.</exception>
    public void SetWeight(string service, string real, int? weight)
    {
        if (weight is < 0 or > RealConfig.MaxWeight)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"weight must be 0..{RealConfig.MaxWeight}");
        }
        Change(service, real, o => o with { Weight = weight });
    }

    /// <summary>The config as planned: the running config with the overrides applied.</summary>
    private FastLbConfig Effective => _overrides.Apply(RunningConfig);

    private void Change(string service, string real, Func<RealOverride, RealOverride> change)
    {
        lock (_gate)
        {
            var s = RunningConfig.Services.FirstOrDefault(x => x.Name == service)
                ?? throw new KeyNotFoundException($"no service '{service}'");
            if (!s.Reals.Any(r => r.Name == real))
            {
                throw new KeyNotFoundException($"service '{service}' has no real '{real}'");
            }
            var before = _overrides.Get(service, real);
            _overrides.Set(service, real, change(before ?? new RealOverride(false, null)));
            try
            {
                ReconcileLocked("operator", NoServices);
            }
            catch
            {
                // Nothing half-way: the override goes and the maps get the plan they had.
                _overrides.Set(service, real, before ?? new RealOverride(false, null));
                ReconcileLocked("operator rollback");
                throw;
            }
        }
    }
}
