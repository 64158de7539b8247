using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>A health view with no checks: every real counts as up.</summary>
public sealed class AlwaysUp : IHealthView
{
    public static AlwaysUp Instance { get; } = new();

    public HealthState? StateOf(ServiceConfig service, RealConfig real) => null;
}
