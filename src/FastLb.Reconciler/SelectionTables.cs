using FastLb.Interop.Abi;
using FastLb.Model;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// The table a service's algorithm reads (fastlb_rings, one per service): the Maglev ring for
/// `maglev` and `hash`; each eligible real once for `round-robin` and for the least-connections
/// algorithms and `sticky` (which scan it); the smooth weighted sequence for
/// `weighted-round-robin`. A service with no eligible real gets one empty slot (no new flow).
/// </summary>
public static class SelectionTables
{
    public static uint[] Build(ServiceConfig service, IReadOnlyList<PlannedReal> eligible)
    {
        if (eligible.Count == 0)
        {
            return service.Algorithm is SchedulingAlgorithm.Maglev or SchedulingAlgorithm.Hash
                ? Filled(service.RingSize)
                : [Planner.NoReal];
        }
        return service.Algorithm switch
        {
            SchedulingAlgorithm.Maglev or SchedulingAlgorithm.Hash => Maglev(service.RingSize, eligible),
            SchedulingAlgorithm.WeightedRoundRobin =>
                [.. SmoothWeightedSequence.Build([.. eligible.Select(r => Math.Max(r.Real.Weight, 1))], AbiLimits.RingMax).Select(i => eligible[i].Index)],
            _ => [.. eligible.Select(r => r.Index)],
        };
    }

    private static uint[] Filled(int size)
    {
        var ring = new uint[size];
        Array.Fill(ring, Planner.NoReal);
        return ring;
    }

    private static uint[] Maglev(int size, IReadOnlyList<PlannedReal> eligible)
    {
        // Keyed by endpoint, so every node builds the same table from the same config.
        var backends = eligible.Select(r => new MaglevBackend(r.Real.Endpoint, Math.Max(r.Real.Weight, 1))).ToList();
        var table = MaglevTable.Build(backends, size);
        var ring = new uint[size];
        for (var i = 0; i < size; i++)
        {
            ring[i] = table[i] < 0 ? Planner.NoReal : eligible[table[i]].Index;
        }
        return ring;
    }
}
