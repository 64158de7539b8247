using FastLb.Health;
using FastLb.Interop.Netns;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// Health as the scheduler sees it. A real with no check is not checked (null: up); a checked
/// real the scheduler has not decided yet takes its check's initial state.
/// </summary>
public sealed class SchedulerHealthView : IHealthView
{
    private readonly HealthScheduler _scheduler;
    private readonly NetworkNamespace? _ns;

    public SchedulerHealthView(HealthScheduler scheduler, NetworkNamespace? ns)
    {
        _scheduler = scheduler;
        _ns = ns;
    }

    public HealthState? StateOf(ServiceConfig service, RealConfig real) =>
        real.Check is null ? null : _scheduler.Current(Target(real)) ?? real.Check.Initial;

    /// <summary>What the scheduler should probe for <paramref name="config"/>: every checked real of every service.</summary>
    public IEnumerable<HealthSubscription> Subscriptions(FastLbConfig config) =>
        from s in config.Services
        from r in s.Reals
        where r.Check is not null
        select new HealthSubscription(s.Name, r.Name, Target(r));

    // Checks run from the namespace that holds the interface, i.e. the one that reaches the reals.
    private CheckTarget Target(RealConfig real) => CheckTarget.ForReal(real.Address, real.Port, real.Check!, _ns);
}
