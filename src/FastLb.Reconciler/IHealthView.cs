using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>What the reconciler needs to know of health: a real's state within a service.</summary>
public interface IHealthView
{
    /// <summary>The state of <paramref name="real"/> in <paramref name="service"/>; null when it is not checked.</summary>
    HealthState? StateOf(ServiceConfig service, RealConfig real);
}
