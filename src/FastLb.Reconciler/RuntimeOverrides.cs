using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// Drains and weights set at run time, by service and real name. They apply to every plan and
/// survive a reload that keeps the real; a reload that removes the real drops its override.
/// Not thread-safe: the controller uses it under its lock.
/// </summary>
public sealed class RuntimeOverrides
{
    private readonly Dictionary<(string Service, string Real), RealOverride> _byReal = [];

    public RealOverride? Get(string service, string real) => _byReal.GetValueOrDefault((service, real));

    public IReadOnlyDictionary<(string Service, string Real), RealOverride> All => new Dictionary<(string, string), RealOverride>(_byReal);

    /// <summary>Sets (or, when empty, clears) the override of one real.</summary>
    public void Set(string service, string real, RealOverride value)
    {
        if (value.IsEmpty)
        {
            _byReal.Remove((service, real));
        }
        else
        {
            _byReal[(service, real)] = value;
        }
    }

    /// <summary>The config with every override applied to its real's weight; the same instance when none applies.</summary>
    public FastLbConfig Apply(FastLbConfig config)
    {
        if (_byReal.Count == 0)
        {
            return config;
        }
        var changed = false;
        var services = config.Services.Select(s =>
        {
            var reals = s.Reals.Select(r =>
            {
                if (_byReal.GetValueOrDefault((s.Name, r.Name)) is not { } o)
                {
                    return r;
                }
                changed = true;
                return r with { Weight = o.Drained ? 0 : o.Weight ?? r.Weight };
            }).ToList();
            return s with { Reals = reals };
        }).ToList();
        return changed ? config with { Services = services } : config;
    }

    /// <summary>Drops the overrides of reals <paramref name="config"/> no longer has.</summary>
    public void Prune(FastLbConfig config)
    {
        var live = config.Services.SelectMany(s => s.Reals.Select(r => (s.Name, r.Name))).ToHashSet();
        foreach (var key in _byReal.Keys.Where(k => !live.Contains(k)).ToList())
        {
            _byReal.Remove(key);
        }
    }
}
