using System.Runtime.InteropServices;
using FastLb.Model;
using FastLb.Reconciler;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FastLb.Host;

/// <summary>
/// Hosts the controller: starts it with the config, reloads on SIGHUP (a bad file is refused
/// with every error and the running config stays). On shutdown a pinned controller (`run`) leaves
/// forwarding running (`fastlb stop --detach` removes it); the demo's detaches.
/// </summary>
public sealed class ControllerService : IHostedService, IDisposable
{
    private readonly ILoggerFactory _loggers;
    private PosixSignalRegistration? _sighup;

    private readonly Prometheus.CollectorRegistry _registry;
    private readonly ControllerMetrics _controllerMetrics;

    public ControllerService(StartupConfig startup, ILoggerFactory loggers, Prometheus.CollectorRegistry registry)
    {
        Startup = startup;
        _registry = registry;
        _loggers = loggers;
        _controllerMetrics = new ControllerMetrics(registry);
    }

    public StartupConfig Startup { get; }

    /// <summary>The running controller, once started.</summary>
    public FastLbController? Controller { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // `run` (a config file) pins its state so forwarding outlives the process; the demo does not.
        var metrics = new FastLb.Health.HealthMetrics(_registry);
        Controller = Startup.Path is null
            ? FastLbController.Start(Startup.Config, _loggers, healthMetrics: metrics)
            : FastLbController.StartPinned(Startup.Config, _loggers, new PinnedState(Startup.Config.Instance), healthMetrics: metrics);
        _controllerMetrics.Attach(Controller);
        if (Startup.Path is not null)
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
            {
                ctx.Cancel = true;
                TryReload();
            });
        }
        return Task.CompletedTask;
    }

    /// <summary>Reloads the config file; returns the errors that refused it (empty on success).</summary>
    public IReadOnlyList<string> TryReload()
    {
        if (Startup.Path is null || Controller is null)
        {
            return ["no config file to reload"];
        }
        return Controller.TryReload(Startup.Path);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _sighup?.Dispose();
        _sighup = null;
        Controller?.Dispose();
        Controller = null;
    }
}
