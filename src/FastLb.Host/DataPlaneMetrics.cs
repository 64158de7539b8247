using FastLb.Reconciler;
using Prometheus;

namespace FastLb.Host;

/// <summary>
/// Exports the XDP program's per-CPU counters through prometheus-net. The kernel holds the
/// totals, so each scrape reads the maps once and sets the counters to them. Services and reals
/// that left the config leave /metrics at the next scrape (and a name that comes back starts
/// from its new counters, not the old ones).
/// </summary>
public sealed class DataPlaneMetrics
{
    private readonly Counter _packets;
    private readonly Counter _bytes;
    private readonly Counter _servicePackets;
    private readonly Counter _serviceBytes;
    private readonly Counter _realPackets;
    private readonly Counter _realBytes;
    private readonly Counter _realNewFlows;
    private readonly Gauge _realUp;
    private readonly Gauge _realInRing;
    private readonly Gauge _realActive;
    private readonly Lock _lock = new();
    private HashSet<string> _services = new(StringComparer.Ordinal);
    private HashSet<(string Service, string Real)> _reals = [];

    public DataPlaneMetrics(CollectorRegistry registry, Func<StatsSnapshot?> read)
    {
        var f = Metrics.WithCustomRegistry(registry);
        _packets = f.CreateCounter("fastlb_packets_total", "Packets seen by the XDP program, by verdict and reason.", "verdict", "reason");
        _bytes = f.CreateCounter("fastlb_bytes_total", "Bytes seen by the XDP program, by verdict and reason.", "verdict", "reason");
        _servicePackets = f.CreateCounter("fastlb_service_packets_total", "Packets for a service's VIP.", "service");
        _serviceBytes = f.CreateCounter("fastlb_service_bytes_total", "Bytes for a service's VIP.", "service");
        _realPackets = f.CreateCounter("fastlb_real_packets_total", "Packets forwarded to a real.", "service", "real");
        _realBytes = f.CreateCounter("fastlb_real_bytes_total", "Bytes forwarded to a real.", "service", "real");
        _realNewFlows = f.CreateCounter("fastlb_real_new_flows_total", "Flows first pinned to a real.", "service", "real");
        _realUp = f.CreateGauge("fastlb_real_up", "1 while the data plane keeps flows on the real (healthy).", "service", "real");
        _realInRing = f.CreateGauge("fastlb_real_in_ring", "1 while the real takes new flows (healthy and weight > 0).", "service", "real");
        _realActive = f.CreateGauge("fastlb_real_active_flows", "Flows open on a real, as the data plane counts them.", "service", "real");
        registry.AddBeforeCollectCallback(() =>
        {
            if (read() is { } stats)
            {
                Update(stats);
            }
        });
    }

    private void Update(StatsSnapshot stats)
    {
        lock (_lock)
        {
            RemoveGone(stats);
            Set(stats);
        }
    }

    private void RemoveGone(StatsSnapshot stats)
    {
        var services = stats.Services.Select(s => s.Service).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _services.Where(s => !services.Contains(s)))
        {
            _servicePackets.RemoveLabelled(gone);
            _serviceBytes.RemoveLabelled(gone);
        }
        _services = services;

        var reals = stats.Reals.Select(r => (r.Service, r.Real)).ToHashSet();
        foreach (var (service, real) in _reals.Where(r => !reals.Contains(r)))
        {
            _realPackets.RemoveLabelled(service, real);
            _realBytes.RemoveLabelled(service, real);
            _realNewFlows.RemoveLabelled(service, real);
            _realUp.RemoveLabelled(service, real);
            _realInRing.RemoveLabelled(service, real);
            _realActive.RemoveLabelled(service, real);
        }
        _reals = reals;
    }

    private void Set(StatsSnapshot stats)
    {
        foreach (var r in stats.Reasons)
        {
            var reason = FormatReason(r.Reason);
            _packets.WithLabels(r.Verdict, reason).IncTo(r.Packets);
            _bytes.WithLabels(r.Verdict, reason).IncTo(r.Bytes);
        }
        foreach (var s in stats.Services)
        {
            _servicePackets.WithLabels(s.Service).IncTo(s.Packets);
            _serviceBytes.WithLabels(s.Service).IncTo(s.Bytes);
        }
        foreach (var r in stats.Reals)
        {
            _realPackets.WithLabels(r.Service, r.Real).IncTo(r.Packets);
            _realBytes.WithLabels(r.Service, r.Real).IncTo(r.Bytes);
            _realNewFlows.WithLabels(r.Service, r.Real).IncTo(r.NewFlows);
            _realUp.WithLabels(r.Service, r.Real).Set(r.Up ? 1 : 0);
            _realInRing.WithLabels(r.Service, r.Real).Set(r.InRing ? 1 : 0);
            _realActive.WithLabels(r.Service, r.Real).Set(r.ActiveFlows);
        }
    }

    /// <summary>"PassNotVip" -> "pass_not_vip": the reason as the ABI header spells it.</summary>
    public static string FormatReason(FastLb.Interop.Abi.Reason reason) => SnakeCase(reason.ToString());

    /// <summary>"MissNotSyn" -> "miss_not_syn": an ABI enum member's name as the C header spells it.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
