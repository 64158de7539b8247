using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using Microsoft.Extensions.Logging;

namespace FastLb.Reconciler;

/// <summary>
/// The controller's flow recount: every `flow-recount-interval:` the flow tables are walked
/// (<see cref="FlowRecounter"/>) and the per-real active counts least connections reads are corrected.
/// </summary>
public sealed partial class FastLbController
{
    private readonly Lock _recountGate = new();
    private FlowRecounter? _recounter;
    private Task _recountLoop = Task.CompletedTask;

    /// <summary>The last recount; null before the first, or when the kernel cannot walk the tables.</summary>
    public FlowRecount? LastFlowRecount { get; private set; }

    /// <summary>
    /// Recounts now. The walk runs outside the controller's lock (a large table takes a while, and
    /// health transitions must not wait for it); the correction is made under it, and only when no
    /// reconcile changed the plan meanwhile (else the next recount corrects).
    /// </summary>
    /// <returns>The recount; null when recounting is unavailable or the plan changed during the walk.</returns>
    public FlowRecount? RecountFlows()
    {
        if (_recounter is null)
        {
            return null;
        }
        lock (_recountGate)
        {
            DataPlanePlan plan;
            lock (_gate)
            {
                plan = Plan;
            }
            var walk = _recounter.Count(plan);
            lock (_gate)
            {
                if (!ReferenceEquals(plan, Plan))
                {
                    return null;
                }
                LastFlowRecount = _recounter.Correct(walk);
                return LastFlowRecount;
            }
        }
    }

    /// <summary>fastlb_flow_events summed over CPUs: what happened to flow entries since the program was loaded.</summary>
    public IReadOnlyDictionary<FlowEvent, ulong> ReadFlowEvents()
    {
        lock (_gate)
        {
            return Enum.GetValues<FlowEvent>().ToDictionary(
                e => e, e => _dp.FlowEvents.LookupPerCpu<uint, ulong>((uint)e).Aggregate(0ul, (s, n) => s + n));
        }
    }

    /// <summary>Loads the recount and starts its loop; a kernel without syscall programs only loses the correction.</summary>
    private void StartRecounting()
    {
        try
        {
            _recounter = FlowRecounter.Load(_dp, DataPlaneOptions.From(RunningConfig), _log);
        }
        catch (BpfException e)
        {
            LogRecountUnavailable(_log, e.Message);
            return;
        }
        _recountLoop = Task.Run(RecountLoopAsync);
    }

    private void StopRecounting()
    {
        try
        {
            _recountLoop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        _recounter?.Dispose();
    }

    private async Task RecountLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            await Task.Delay(RunningConfig.FlowRecountInterval, _time, _stopping.Token).ConfigureAwait(false);
            try
            {
                if (RecountFlows() is { DriftFlows: not 0 } recount)
                {
                    LogRecountDrift(_log, recount.DriftFlows, recount.FlowsActive + recount.SynActive);
                }
            }
            catch (BpfException e)
            {
                LogRecountFailed(_log, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "flow recount unavailable (active counts are not corrected for evicted flows): {Why}")]
    private static partial void LogRecountUnavailable(ILogger log, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "flow recount failed")]
    private static partial void LogRecountFailed(ILogger log, Exception e);

    [LoggerMessage(Level = LogLevel.Debug, Message = "flow recount: active counts corrected by {Drift} flows ({Active} active)")]
    private static partial void LogRecountDrift(ILogger log, long drift, long active);
}
