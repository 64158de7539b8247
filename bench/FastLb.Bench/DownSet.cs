// A health view for benches: the endpoints listed are down, every other real is up.
using FastLb.Model;
using FastLb.Reconciler;

namespace FastLb.Bench;

public sealed class DownSet : IHealthView
{
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);

    public HealthState? StateOf(ServiceConfig service, RealConfig real) =>
        _down.Contains(real.Endpoint) ? HealthState.Down : HealthState.Up;

    /// <summary>Marks <paramref name="endpoint"/> down if it was up, up if it was down.</summary>
    public void Toggle(string endpoint)
    {
        if (!_down.Remove(endpoint))
        {
            _down.Add(endpoint);
        }
    }

    public DownSet Clear()
    {
        _down.Clear();
        return this;
    }
}
