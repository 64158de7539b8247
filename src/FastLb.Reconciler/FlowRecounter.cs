using System.Buffers.Binary;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using Microsoft.Extensions.Logging;

namespace FastLb.Reconciler;

/// <summary>
/// Recounts the flows of the connection table with a syscall program (bpf/flow_count.bpf.c) and
/// corrects each real's active-flow count (fastlb_real_active) by the drift found: the data plane
/// subtracts a flow on its FIN/RST and when its slot is taken, never while it sits expired in
/// silence, so least connections would drift without this.
/// </summary>
/// <remarks>
/// A flow opened or closed while the table is walked may be off by one until the next recount; the
/// walk holds no lock a packet waits for.
/// </remarks>
public sealed class FlowRecounter : IDisposable
{
    private const uint Entries = 0; // enum flow_count_total
    private const uint Active = 1;
    private const uint SynEntries = 2;
    private const uint SynActive = 3;
    private const int MaxLoop = 1 << 23; // bpf_loop's limit (BPF_MAX_LOOPS)

    private readonly BpfObject _object;
    private readonly DataPlane _dp;
    private readonly BpfMap _active;
    private readonly BpfMap _gens;
    private readonly BpfMap _totals;
    private readonly BpfProgram _walk;
    private readonly int _bucketsPerRun;

    private FlowRecounter(BpfObject obj, DataPlane dp, int bucketsPerRun)
    {
        _bucketsPerRun = bucketsPerRun;
        _object = obj;
        _dp = dp;
        _active = obj.Map("flow_count_active");
        _gens = obj.Map("flow_count_gens");
        _totals = obj.Map("flow_count_totals");
        _walk = obj.Program("flow_count");
    }

    /// <summary>
    /// Loads the recount object for <paramref name="dp"/> (same timeouts, as many reals) on its
    /// connection table; a walk runs the program once per <paramref name="bucketsPerRun"/> buckets
    /// (at most bpf_loop's limit, the default; fewer only to exercise the ranges).
    /// </summary>
    /// <exception cref="BpfException">The kernel has no syscall programs or refused the program.</exception>
    public static FlowRecounter Load(DataPlane dp, DataPlaneOptions options, ILogger? logger = null, int bucketsPerRun = MaxLoop)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketsPerRun);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucketsPerRun, MaxLoop);
        return BpfObjectLoader.Load("flow_count", null, logger, obj =>
        {
            obj.SetMaxEntries("flow_count_active", (uint)dp.RealActive.MaxEntries);
            obj.SetMaxEntries("flow_count_gens", (uint)dp.RealActive.MaxEntries);
            DataPlane.WriteTimeouts(obj, options.ToAbi());
            obj.ReuseMap(FlowTable.MapName, dp.Flows.Map);
        }, obj => new FlowRecounter(obj, dp, bucketsPerRun));
    }

    /// <summary>
    /// Counts the flows of the reals in <paramref name="plan"/> (the plan the maps hold now: its
    /// generations decide which flows are the reals' own) and corrects their active counts.
    /// </summary>
    public FlowRecount Recount(DataPlanePlan plan) => Correct(Count(plan));

    /// <summary>
    /// Walks the table for the reals of <paramref name="plan"/>. Only reads the data plane, so it
    /// needs no lock against map writes; one walk at a time (this object's maps hold its counts).
    /// </summary>
    internal FlowWalk Count(DataPlanePlan plan)
    {
        var reals = plan.Reals.GroupBy(r => r.Index).Select(g => g.First()).ToList();
        var capacity = _active.MaxEntries;
        var keys = Enumerable.Range(0, capacity).Select(i => (uint)i).ToArray();
        var gens = new uint[capacity];
        foreach (var r in reals)
        {
            gens[r.Index] = r.Generation;
        }
        _gens.UpdateBatch<uint, uint>(keys, gens);
        _active.UpdateBatch<uint, ulong>(keys, new ulong[capacity]);

        var before = reals.ToDictionary(r => r.Index, r => DataPlaneActive(r.Index));
        foreach (var total in (ReadOnlySpan<uint>)[Entries, Active, SynEntries, SynActive])
        {
            _totals.Update(total, 0ul);
        }
        Walk(_dp.Flows.Map.MaxEntries);

        var found = reals.ToDictionary(r => r.Index, r => _active.TryLookup(r.Index, out ulong n) ? (long)n : 0);
        var totals = new FlowRecount(Total(Entries), Total(Active), Total(SynEntries), Total(SynActive), 0) { ActiveByReal = found };
        return new FlowWalk(before, found, totals);
    }

    /// <summary>
    /// Corrects each real's active count by the drift <paramref name="walk"/> found. Only while the maps
    /// still hold the plan it was counted for (no real's index changed hands since).
    /// </summary>
    internal FlowRecount Correct(FlowWalk walk)
    {
        long drift = 0;
        foreach (var (index, counted) in walk.Found)
        {
            var off = walk.Before[index] - counted;
            if (off != 0)
            {
                // Whatever opened or closed since `before` stays in the data plane's count.
                _dp.RealActive.Update(index, DataPlaneActive(index) - off);
                drift += off;
            }
        }
        return walk.Totals with { DriftFlows = drift };
    }

    /// <summary>
    /// Runs the walk over all <paramref name="buckets"/> in ranges of at most _bucketsPerRun (struct
    /// flow_count_range: first bucket, count).
    /// </summary>
    private void Walk(int buckets)
    {
        Span<byte> range = stackalloc byte[8];
        for (var first = 0; first < buckets; first += _bucketsPerRun)
        {
            BinaryPrimitives.WriteInt32LittleEndian(range, first);
            BinaryPrimitives.WriteInt32LittleEndian(range[4..], Math.Min(_bucketsPerRun, buckets - first));
            if (_walk.RunSyscall(range) != 0)
            {
                throw new BpfException($"flow_count refused buckets {first}.. of {buckets}", 0);
            }
        }
    }

    private long DataPlaneActive(uint index) => _dp.RealActive.TryLookup(index, out long n) ? n : 0;

    private long Total(uint which) => _totals.TryLookup(which, out ulong n) ? (long)n : 0;

    public void Dispose()
    {
        _object.Dispose();
    }
}

/// <summary>One walk of the connection table: each real's active count before it and the flows it found.</summary>
internal sealed record FlowWalk(IReadOnlyDictionary<uint, long> Before, IReadOnlyDictionary<uint, long> Found, FlowRecount Totals);
