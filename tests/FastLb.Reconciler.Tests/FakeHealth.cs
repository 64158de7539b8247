// A health view whose verdicts the test sets by real name; unset reals are unchecked (null).

namespace FastLb.Reconciler.Tests;

internal sealed class FakeHealth : IHealthView
{
    private readonly Dictionary<string, HealthState> _states = new(StringComparer.Ordinal);

    public FakeHealth Set(string realName, HealthState state)
    {
        _states[realName] = state;
        return this;
    }

    public HealthState? StateOf(ServiceConfig service, RealConfig real) =>
        _states.TryGetValue(real.Name, out var state) ? state : null;
}
