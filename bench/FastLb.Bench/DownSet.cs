// A health view for benches: the endpoints listed are down, every other real is up.
using FastLb.Model;
using FastLb.Reconciler;

namespace FastLb.Bench;

public sealed class DownSet : IHealthView
{
    // Keyed by address and port, not the endpoint string: formatting 100,000 endpoints per plan
    // would cost the bench more than the controller's own health view does.
    private readonly HashSet<(System.Net.IPAddress, ushort)> _down = [];

    public HealthState? StateOf(ServiceConfig service, RealConfig real) =>
        _down.Contains((real.Address, real.Port)) ? HealthState.Down : HealthState.Up;

    /// <summary>Marks <paramref name="endpoint"/> down if it was up, up if it was down.</summary>
    public void Toggle(string endpoint)
    {
        var parsed = System.Net.IPEndPoint.Parse(endpoint);
        var key = (parsed.Address, (ushort)parsed.Port);
        if (!_down.Remove(key))
        {
            _down.Add(key);
        }
    }

    public DownSet Clear()
    {
        _down.Clear();
        return this;
    }
}
