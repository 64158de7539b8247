using FastLb.Reconciler;
using Prometheus;

namespace FastLb.Host;

/// <summary>
/// Exports the connection tables: entries and active flows of each table as the last recount found
/// them, the connection table's slots (entries / slots is its fill), the drift the recount
/// corrected, and the data plane's flow events (fastlb_flow_events) by name.
/// </summary>
public sealed class FlowTableMetrics
{
    private readonly Gauge _entries;
    private readonly Gauge _active;
    private readonly Gauge _slots;
    private readonly Gauge _drift;
    private readonly Counter _events;

    public FlowTableMetrics(CollectorRegistry registry, Func<FastLbController?> controller)
    {
        var f = Metrics.WithCustomRegistry(registry);
        _entries = f.CreateGauge("fastlb_flow_table_entries", "Entries in the connection table at the last recount (connections: past their SYN; syn: SYN only).", "table");
        _active = f.CreateGauge("fastlb_flow_table_active_flows", "Flows of a table that count as active on their real at the last recount.", "table");
        _slots = f.CreateGauge("fastlb_flow_table_slots",
            "Slots in the connection table (flow-table-size, as loaded): size it to at least twice the flows you expect.");
        _drift = f.CreateGauge("fastlb_flow_recount_drift_flows",
            "Active flows the data plane counted beyond what the last recount found (evicted or silently expired), corrected by it.",
            new GaugeConfiguration { SuppressInitialValue = true });
        _events = f.CreateCounter("fastlb_flow_events_total", "What happened to flow entries in the data plane, by event.", "event");
        registry.AddBeforeCollectCallback(() =>
        {
            if (controller() is { } c)
            {
                Update(c);
            }
        });
    }

    private void Update(FastLbController c)
    {
        _slots.Set(c.DataPlane.Flows.MaxEntries);
        if (c.LastFlowRecount is { } r)
        {
            _entries.WithLabels("connections").Set(r.FlowsEntries);
            _entries.WithLabels("syn").Set(r.SynEntries);
            _active.WithLabels("connections").Set(r.FlowsActive);
            _active.WithLabels("syn").Set(r.SynActive);
            _drift.Set(r.DriftFlows);
        }
        foreach (var (e, n) in c.ReadFlowEvents())
        {
            _events.WithLabels(DataPlaneMetrics.SnakeCase(e.ToString())).IncTo(n);
        }
    }
}
