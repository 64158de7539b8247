using FastLb.Reconciler;
using Prometheus;

namespace FastLb.Host;

/// <summary>
/// The controller's own series: reconcile durations by cause, health transitions applied,
/// whether it adopted a running data plane, and build info.
/// </summary>
public sealed class ControllerMetrics
{
    private readonly Histogram _reconcile;
    private readonly Gauge _adopted;
    private readonly Gauge _transitions;

    private FastLbController? _controller;

    public ControllerMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        _reconcile = f.CreateHistogram("fastlb_reconcile_duration_seconds", "From (config, health) to the maps written, per reconcile, by cause.",
            new HistogramConfiguration
            {
                LabelNames = ["cause"],
                Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
            });
        _adopted = f.CreateGauge("fastlb_controller_adopted", "1 when this controller took over a running (pinned) data plane at start.");
        _transitions = f.CreateGauge("fastlb_health_transitions_applied", "Health transitions written to the data plane since the controller started.");
        var build = f.CreateGauge("fastlb_build_info", "Always 1: the controller's version and runtime.", "version", "runtime");
        build.WithLabels(AdminViews.Version, Environment.Version.ToString()).Set(1);
        registry.AddBeforeCollectCallback(() =>
        {
            if (Volatile.Read(ref _controller) is { } c)
            {
                _transitions.Set(c.HealthTransitions);
            }
        });
    }

    /// <summary>Follows <paramref name="controller"/>: each reconcile is observed, the gauges track it.</summary>
    public void Attach(FastLbController controller)
    {
        _adopted.Set(controller.Adopted ? 1 : 0);
        Volatile.Write(ref _controller, controller);
        controller.Reconciled += (why, took) => _reconcile.WithLabels(why).Observe(took.TotalSeconds);
    }
}
