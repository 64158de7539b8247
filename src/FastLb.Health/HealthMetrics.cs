// Prometheus metrics of the health subsystem: per-real health, probe durations, failures by reason.
using FastLb.Model;
using Prometheus;

namespace FastLb.Health;

public sealed class HealthMetrics
{
    /// <summary>Registers the metrics in <paramref name="registry"/> (the process-wide one when null).</summary>
    public HealthMetrics(CollectorRegistry? registry = null)
    {
        var factory = Metrics.WithCustomRegistry(registry ?? Metrics.DefaultRegistry);
        RealHealth = factory.CreateGauge(
            "fastlb_real_health", "Health of a real in a service: 1 up, 0 down.",
            new GaugeConfiguration { LabelNames = ["service", "real"] });
        CheckDuration = factory.CreateHistogram(
            "fastlb_health_check_duration_seconds", "Duration of health probes, timeouts included.",
            new HistogramConfiguration { LabelNames = ["type"], Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        Failures = factory.CreateCounter(
            "fastlb_health_check_failures_total", "Failed health probes by check type and reason.",
            new CounterConfiguration { LabelNames = ["type", "reason"] });
    }

    private readonly Histogram.Child?[] _durations = new Histogram.Child?[16];

    public Gauge RealHealth { get; }

    public Histogram CheckDuration { get; }

    public Counter Failures { get; }

    public void SetReal(ServiceReal real, HealthState state) =>
        RealHealth.WithLabels(real.Service, real.Real).Set(state == HealthState.Up ? 1 : 0);

    public void RemoveReal(ServiceReal real) => RealHealth.RemoveLabelled(real.Service, real.Real);

    public void Observe(CheckType type, ProbeResult result) => Observe(type, result.Healthy, result.Reason, result.Duration);

    public void Observe(CheckType type, bool healthy, string reason, TimeSpan duration)
    {
        // The labelled child is looked up once per type: thousands of checks a second each skip the label lookup.
        var index = (int)type;
        var durations = (uint)index < (uint)_durations.Length ? _durations[index] ??= CheckDuration.WithLabels(ConfigNames<CheckType>.Of(type)) : CheckDuration.WithLabels(ConfigNames<CheckType>.Of(type));
        durations.Observe(duration.TotalSeconds);
        if (!healthy)
        {
            Failures.WithLabels(ConfigNames<CheckType>.Of(type), reason).Inc();
        }
    }
}
