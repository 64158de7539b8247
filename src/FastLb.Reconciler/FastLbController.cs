using FastLb.Health;
using FastLb.Interop.Abi;
using FastLb.Interop.Netns;
using FastLb.Model;
using Microsoft.Extensions.Logging;

namespace FastLb.Reconciler;

/// <summary>
/// The running load balancer: one loaded data plane, the config it serves, and the single
/// reconcile path from (config, health) to map contents. Maps are filled before the program
/// is attached, so the first packet already meets a complete state.
/// </summary>
public sealed partial class FastLbController : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ILogger _log;
    private readonly DataPlane _dp;
    private readonly MapWriter _writer;
    private readonly IndexAllocator _serviceIds;
    private readonly IndexAllocator _realIndices;
    // Every plan is written before the next is made and old plans' rings are not read: arrays can be recycled.
    private readonly PlanCache _planCache = new() { RecycleRings = true };
    private static readonly IReadOnlySet<string> NoServices = new HashSet<string>();
    private readonly HealthScheduler _scheduler;
    private readonly SchedulerHealthView _schedulerView;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private IHealthView _health;
    private Task _pump = Task.CompletedTask;
    private TimeSpan _lastHealthLatency;
    private bool _disposed;

    private FastLbController(DataPlane dp, FastLbConfig config, IHealthView? health, ILoggerFactory loggers, HealthSchedulerOptions? healthOptions, HealthMetrics? healthMetrics)
    {
        _dp = dp;
        _writer = new MapWriter(dp);
        // As many ids as the loaded maps hold (`max-services`, `max-reals`).
        _serviceIds = new((uint)dp.Services.MaxEntries, "service");
        _realIndices = new((uint)dp.Reals.MaxEntries, "real");
        _log = loggers.CreateLogger<FastLbController>();
        healthOptions ??= new HealthSchedulerOptions();
        _time = healthOptions.Time;
        _scheduler = new HealthScheduler(healthOptions, loggers.CreateLogger<HealthScheduler>(), healthMetrics);
        _schedulerView = new SchedulerHealthView(_scheduler, NamespaceOf(config));
        _health = health ?? _schedulerView;
        RunningConfig = config;
        Plan = new DataPlanePlan([]);
        StartRecounting();
    }

    /// <summary>From a health transition's decision to the maps holding it, for the last transition.</summary>
    public TimeSpan LastHealthLatency
    {
        get
        {
            lock (_gate)
            {
                return _lastHealthLatency;
            }
        }
    }

    /// <summary>Health transitions applied to the data plane so far.</summary>
    public int HealthTransitions { get; private set; }

    /// <summary>How many transitions the last health reconcile applied together.</summary>
    public int LastHealthBatch { get; private set; }

    /// <summary>The configuration being served: the one started with, or the last reload accepted.</summary>
    public FastLbConfig RunningConfig { get; private set; }

    /// <summary>What the maps hold now.</summary>
    public DataPlanePlan Plan { get; private set; }

    public DataPlane DataPlane => _dp;

    /// <summary>When the last reconcile finished writing the maps.</summary>
    public DateTimeOffset LastReconciled { get; private set; }

    /// <summary>Loads the program, fills the maps from <paramref name="config"/> and attaches.</summary>
    /// <remarks>
    /// Health checks start with the controller. <paramref name="health"/> overrides the checks'
    /// verdicts (tests); <paramref name="healthOptions"/> sets their clock and concurrency.
    /// </remarks>
    public static FastLbController Start(FastLbConfig config, ILoggerFactory loggers, IHealthView? health = null,
        HealthSchedulerOptions? healthOptions = null, HealthMetrics? healthMetrics = null)
    {
        var ns = NamespaceOf(config);
        TopologyChecks.Ensure(config, ns);
        var dp = DataPlane.Load(loggers.CreateLogger<DataPlane>(), DataPlaneOptions.From(config));
        FastLbController? controller = null;
        try
        {
            controller = new FastLbController(dp, config, health, loggers, healthOptions, healthMetrics);
            controller._scheduler.Update(controller._schedulerView.Subscriptions(config));
            controller.Reconcile("start");
            // Inline, frames not for FastLb cross between the two interfaces when it stands in the wire (transparent).
            dp.Attach(config.Interface, ns, insideIfname: config.InsideInterface,
                bridge: config.Services.Any(s => s.Mode == ForwardingMode.Transparent));
            LogAttached(controller._log, config.Interface, config.InsideInterface ?? "-", config.Namespace ?? "(current)", dp.Attachment!.Mode.ToString(), config.Services.Count);
            NeighbourWarmup.Run(config, ns);
            controller._scheduler.Start();
            controller._pump = Task.Run(controller.PumpHealthAsync);
            return controller;
        }
        catch
        {
            DisposeFailedStart(controller, dp);
            throw;
        }
    }

    /// <summary>A start that threw: the controller, when built, owns the data plane and disposes it; before that, the data plane goes alone.</summary>
    private static void DisposeFailedStart(FastLbController? controller, DataPlane dp)
    {
        if (controller is not null)
        {
            controller.Dispose();
        }
        else
        {
            dp.Dispose();
        }
    }

    /// <summary>Replaces the health view (the health subsystem plugs in here) and reconciles.</summary>
    public void UseHealth(IHealthView health)
    {
        lock (_gate)
        {
            _health = health;
            ReconcileLocked("health view");
        }
    }

    /// <summary>
    /// Serves <paramref name="next"/> from now on. The interfaces and namespace are fixed for the
    /// life of the process; changing them, or a config that does not fit the namespace
    /// (<see cref="TopologyChecks"/>), is refused and the running config stays.
    /// </summary>
    public void Reload(FastLbConfig next)
    {
        if (next.Interface != RunningConfig.Interface || next.Namespace != RunningConfig.Namespace || next.InsideInterface != RunningConfig.InsideInterface)
        {
            throw new InvalidOperationException(
                $"changing the interface ({RunningConfig.Interface} -> {next.Interface}), inside-interface or namespace needs a restart; the running config stays");
        }
        LoadSizes.EnsureSame(RunningConfig, next);
        TopologyChecks.Ensure(next, NamespaceOf(next));
        lock (_gate)
        {
            var previous = RunningConfig;
            RunningConfig = next;
            try
            {
                // Targets that survive the reload keep their health state (rise/fall counts too).
                _scheduler.Update(_schedulerView.Subscriptions(next));
                // Services whose config is equal keep their plan; transitions still queued re-plan theirs after.
                ReconcileLocked("reload", NoServices);
                _overrides.Prune(next);
                NeighbourWarmup.Run(next, NamespaceOf(next));
            }
            catch
            {
                RunningConfig = previous;
                _scheduler.Update(_schedulerView.Subscriptions(previous));
                ReconcileLocked("rollback");
                throw;
            }
        }
    }

    /// <summary>
    /// Reloads <paramref name="path"/> (SIGHUP). Nothing it throws ends the controller: a bad
    /// file, a refused change or a failed map write is logged, returned, and the running config stays.
    /// </summary>
    /// <returns>The errors that refused the file; empty when it is served.</returns>
    public IReadOnlyList<string> TryReload(string path)
    {
        try
        {
            var next = ConfigLoader.LoadFile(path, DataPlaneLimits.Config);
            Reload(next);
            LogReloaded(_log, path, next.Services.Count);
            return [];
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors)
            {
                LogReloadRefused(_log, error.ToString());
            }

            return [.. e.Errors.Select(x => x.ToString())];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A reload runs on the signal thread; whatever failed, the controller keeps serving.
            LogReloadRefused(_log, $"{e.GetType().Name}: {e.Message}");
            return [e.Message];
        }
    }

    /// <summary>Recomputes the plan from config and health and writes what changed.</summary>
    public void Reconcile(string why)
    {
        lock (_gate)
        {
            ReconcileLocked(why);
        }
    }

    public StatsSnapshot ReadStats()
    {
        lock (_gate)
        {
            return StatsReader.Read(_dp, Plan);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stopping.Cancel();
        _scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            _pump.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        StopRecounting();
        _dp.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Transitions that are queued together become one reconcile that re-plans only the services
    /// whose reals they name: a burst (start-up, a switch failing) lands at once, not one by one.
    /// </summary>
    private async Task PumpHealthAsync()
    {
        try
        {
            while (await _scheduler.Transitions.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                var batch = HealthBatch.Drain(_scheduler.Transitions);
                if (batch.Transitions.Count == 0)
                {
                    continue;
                }
                try
                {
                    lock (_gate)
                    {
                        ReconcileLocked("health", batch.Services);
                        _lastHealthLatency = _time.GetUtcNow() - batch.Transitions[^1].At;
                        HealthTransitions += batch.Transitions.Count;
                        LastHealthBatch = batch.Transitions.Count;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogHealthPumpFailed(_log, e);
                    continue;
                }
                foreach (var t in batch.Transitions)
                {
                    LogHealthApplied(_log, t.Target.ToString(), t.NewState.ToString().ToLowerInvariant(), t.Reason, _lastHealthLatency.TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <param name="dirty">The services whose reals' health changed; null re-reads all of it.</param>
    private void ReconcileLocked(string why, IReadOnlySet<string>? dirty = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var plan = Planner.Plan(Effective, _health, _serviceIds, _realIndices, _planCache, dirty);
        SavePinnedIndices();
        try
        {
            _writer.Apply(plan);
        }
        catch
        {
            _planCache.ForgetSpares();
            throw;
        }
        Plan = plan;
        LastReconciled = DateTimeOffset.UtcNow;
        foreach (var service in plan.Services.Where(s => s.AllDown))
        {
            LogAllDown(_log, service.Config.Name, service.Config.OnAllDown.ToString().ToLowerInvariant());
        }
        if (_log.IsEnabled(LogLevel.Debug))
        {
            LogReconciled(_log, why, plan.Services.Count, plan.Reals.Count(r => r.InRing));
        }
        Reconciled?.Invoke(why, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private static NetworkNamespace? NamespaceOf(FastLbConfig config)
    {
        if (config.Namespace is null)
        {
            return null;
        }
        var ns = new NetworkNamespace(config.Namespace);
        if (!File.Exists(ns.Path))
        {
            throw new InvalidOperationException($"network namespace '{config.Namespace}' does not exist ({ns.Path})");
        }
        return ns;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "health: {Target} is {State} ({Reason}); data plane updated {Ms:0.###} ms after the decision")]
    private static partial void LogHealthApplied(ILogger log, string target, string state, string reason, double ms);

    [LoggerMessage(Level = LogLevel.Error, Message = "a health transition could not be written to the data plane")]
    private static partial void LogHealthPumpFailed(ILogger log, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "attached to {Interface} (inside: {Inside}) in namespace {Namespace} ({Mode}), serving {Services} services")]
    private static partial void LogAttached(ILogger log, string @interface, string inside, string @namespace, string mode, int services);

    [LoggerMessage(Level = LogLevel.Debug, Message = "reconciled ({Why}): {Services} services, {Eligible} reals taking new flows")]
    private static partial void LogReconciled(ILogger log, string why, int services, int eligible);

    [LoggerMessage(Level = LogLevel.Information, Message = "reloaded {Path}: {Services} services")]
    private static partial void LogReloaded(ILogger log, string path, int services);

    [LoggerMessage(Level = LogLevel.Error, Message = "config refused, running config stays: {Error}")]
    private static partial void LogReloadRefused(ILogger log, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "service {Service} has no eligible real; new flows: {Policy}")]
    private static partial void LogAllDown(ILogger log, string service, string policy);
}
