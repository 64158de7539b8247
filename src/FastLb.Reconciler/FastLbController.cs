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
    private readonly IndexAllocator _serviceIds = new(AbiLimits.MaxServices, "service");
    private readonly IndexAllocator _realIndices = new(AbiLimits.MaxReals, "real");
    private IHealthView _health;

    private FastLbController(DataPlane dp, FastLbConfig config, IHealthView health, ILogger log)
    {
        _dp = dp;
        _writer = new MapWriter(dp);
        _health = health;
        _log = log;
        Config = config;
        Plan = new DataPlanePlan([]);
    }

    /// <summary>The configuration being served.</summary>
    public FastLbConfig Config { get; private set; }

    /// <summary>What the maps hold now.</summary>
    public DataPlanePlan Plan { get; private set; }

    public DataPlane DataPlane => _dp;

    /// <summary>When the last reconcile finished writing the maps.</summary>
    public DateTimeOffset LastReconciled { get; private set; }

    /// <summary>Loads the program, fills the maps from <paramref name="config"/> and attaches.</summary>
    public static FastLbController Start(FastLbConfig config, ILoggerFactory loggers, IHealthView? health = null)
    {
        var log = loggers.CreateLogger<FastLbController>();
        var ns = NamespaceOf(config);
        var dp = DataPlane.Load(loggers.CreateLogger<DataPlane>());
        try
        {
            var controller = new FastLbController(dp, config, health ?? AlwaysUp.Instance, log);
            controller.Reconcile("start");
            dp.Attach(config.Interface, ns);
            LogAttached(log, config.Interface, config.Namespace ?? "(current)", dp.Attachment!.Mode.ToString(), config.Services.Count);
            return controller;
        }
        catch
        {
            dp.Dispose();
            throw;
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
    /// Serves <paramref name="next"/> from now on. The interface and namespace are fixed for the
    /// life of the process; changing them is refused and the running config stays.
    /// </summary>
    public void Reload(FastLbConfig next)
    {
        if (next.Interface != Config.Interface || next.Namespace != Config.Namespace)
        {
            throw new InvalidOperationException(
                $"changing the interface ({Config.Interface} -> {next.Interface}) or namespace needs a restart; the running config stays");
        }
        lock (_gate)
        {
            var previous = Config;
            Config = next;
            try
            {
                ReconcileLocked("reload");
            }
            catch
            {
                Config = previous;
                ReconcileLocked("rollback");
                throw;
            }
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
        _dp.Dispose();
    }

    private void ReconcileLocked(string why)
    {
        var plan = Planner.Plan(Config, _health, _serviceIds, _realIndices);
        _writer.Apply(plan);
        Plan = plan;
        LastReconciled = DateTimeOffset.UtcNow;
        foreach (var service in plan.Services.Where(s => s.AllDown))
        {
            LogAllDown(_log, service.Config.Name, service.Config.OnAllDown.ToString().ToLowerInvariant());
        }
        LogReconciled(_log, why, plan.Services.Count, plan.Reals.Count(r => r.InRing));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "attached to {Interface} in namespace {Namespace} ({Mode}), serving {Services} services")]
    private static partial void LogAttached(ILogger log, string @interface, string @namespace, string mode, int services);

    [LoggerMessage(Level = LogLevel.Debug, Message = "reconciled ({Why}): {Services} services, {Eligible} reals taking new flows")]
    private static partial void LogReconciled(ILogger log, string why, int services, int eligible);

    [LoggerMessage(Level = LogLevel.Warning, Message = "service {Service} has no eligible real; new flows: {Policy}")]
    private static partial void LogAllDown(ILogger log, string service, string policy);
}
