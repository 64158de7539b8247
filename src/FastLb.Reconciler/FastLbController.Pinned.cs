using FastLb.Health;
using FastLb.Model;
using Microsoft.Extensions.Logging;

namespace FastLb.Reconciler;

/// <summary>
/// The controller on pinned state: it adopts what a previous controller of the instance left
/// (same maps, links switched to the new program), or starts fresh and attaches once it can
/// serve. Either way the links stay pinned when it exits, crashes or is killed.
/// </summary>
public sealed partial class FastLbController
{
    private PinnedState? _pins;
    private long _savedServices = -1;
    private long _savedReals = -1;

    /// <summary>Ring copies written since start: an adoption that changes nothing writes none.</summary>
    public long RingWrites
    {
        get
        {
            lock (_gate)
            {
                return _writer.RingWrites;
            }
        }
    }

    /// <summary>True when this controller took over a running data plane instead of attaching.</summary>
    public bool Adopted { get; private set; }

    /// <summary>
    /// Starts on the pinned state <paramref name="pins"/>: adopts it when a program is attached
    /// there, else clears stale pins, fills fresh pinned maps, waits (at most
    /// <paramref name="readyBound"/>, default <see cref="StartGate.Bound"/>) until the checks let it serve, and attaches.
    /// </summary>
    public static FastLbController StartPinned(FastLbConfig config, ILoggerFactory loggers, PinnedState pins,
        TimeSpan? readyBound = null, HealthSchedulerOptions? healthOptions = null, HealthMetrics? healthMetrics = null)
    {
        var ns = NamespaceOf(config);
        TopologyChecks.Ensure(config, ns);
        var adopt = pins.HasLink;
        if (!adopt)
        {
            // Maps without an attached program serve nobody: start them afresh.
            pins.Remove();
        }
        var dp = DataPlane.Load(loggers.CreateLogger<DataPlane>(), DataPlaneOptions.From(config), pins: pins);
        FastLbController? controller = null;
        try
        {
            controller = new FastLbController(dp, config, null, loggers, healthOptions, healthMetrics) { _pins = pins };
            if (adopt)
            {
                controller.Adopt(ns);
            }
            else
            {
                controller.AttachWhenServable(ns, readyBound ?? StartGate.Bound(config));
            }
            return controller;
        }
        catch
        {
            DisposeFailedStart(controller, dp);
            if (!adopt)
            {
                // A fresh start that failed leaves nothing attached; a failed adoption leaves the old program serving.
                pins.Remove();
            }
            throw;
        }
    }

    private void Adopt(Interop.Netns.NetworkNamespace? ns)
    {
        var config = RunningConfig;
        using var adoption = DataPlaneAdoption.Open(_pins!, _dp, config, ns);
        var oldProgram = adoption.Outside.ProgramId;
        var restored = adoption.Restore(_dp, _serviceIds, _realIndices, _writer);
        _scheduler.Seed(DataPlaneAdoption.HealthSeeds(_dp, config, ns, _realIndices));
        _scheduler.Update(_schedulerView.Subscriptions(config));
        Reconcile("adopt");
        adoption.TakeOver(_dp);
        Adopted = true;
        NeighbourWarmup.Run(config, ns);
        LogAdopted(_log, _pins!.Instance, _pins.Directory, oldProgram, adoption.Outside.ProgramId, restored ? "restored" : "allocated afresh");
        _scheduler.Start();
        _pump = Task.Run(PumpHealthAsync);
    }

    private void AttachWhenServable(Interop.Netns.NetworkNamespace? ns, TimeSpan bound)
    {
        var config = RunningConfig;
        _scheduler.Update(_schedulerView.Subscriptions(config));
        Reconcile("start");
        _scheduler.Start();
        _pump = Task.Run(PumpHealthAsync);
        var ready = StartGate.Wait(_scheduler, config, bound, _stopping.Token);
        Reconcile(ready ? "first checks" : "check bound reached");
        // Inline, frames not for FastLb cross between the two interfaces when it stands in the wire (transparent).
        _dp.Attach(config.Interface, ns, insideIfname: config.InsideInterface,
            bridge: config.Services.Any(s => s.Mode == ForwardingMode.Transparent));
        NeighbourWarmup.Run(config, ns);
        LogAttachedPinned(_log, config.Interface, _pins!.Directory, _dp.Attachment!.Mode.ToString(), ready ? "checks done" : $"bound {bound.TotalSeconds:0.#} s reached");
    }

    /// <summary>Before the maps are written: the allocation they will reflect is saved beside the pins.</summary>
    private void SavePinnedIndices()
    {
        if (_pins is null || (_serviceIds.Version == _savedServices && _realIndices.Version == _savedReals))
        {
            return;
        }
        _pins.SaveIndices(_serviceIds, _realIndices);
        _savedServices = _serviceIds.Version;
        _savedReals = _realIndices.Version;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "adopted instance {Instance} ({Directory}): program {Old} replaced by {New} in place, flows kept, indices {Indices}")]
    private static partial void LogAdopted(ILogger log, string instance, string directory, uint old, uint @new, string indices);

    [LoggerMessage(Level = LogLevel.Information, Message = "attached to {Interface}, pinned at {Directory} ({Mode}; {Why})")]
    private static partial void LogAttachedPinned(ILogger log, string @interface, string directory, string mode, string why);
}
