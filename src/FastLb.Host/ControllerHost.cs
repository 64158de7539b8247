using FastLb.Model;
using FastLb.Reconciler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace FastLb.Host;

/// <summary>
/// Builds the controller's web host: the controller as a hosted service, /metrics
/// (prometheus-net) and /status on the config's metrics address.
/// </summary>
public static class ControllerHost
{
    public static WebApplication Build(FastLbConfig config, string? configPath, LogLevel minLevel = LogLevel.Information)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Under systemd: readiness (READY=1 once the controller serves), STOPPING on shutdown, and
        // log lines carrying journal priorities; elsewhere plain single-line console logs.
        builder.Services.AddSystemd();
        if (Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService())
        {
            builder.Logging.AddSystemdConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        builder.Logging.SetMinimumLevel(minLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // `run` (a config file) also serves the admin API on the instance's unix socket.
        var admin = configPath is null ? null : AdminEndpoint.For(config.Instance, config.AdminListen);
        var token = admin is null ? null : AdminToken.LoadOrCreate(admin.TokenPath);
        if (admin is null)
        {
            builder.WebHost.UseUrls(ListenUrl(config.MetricsListen));
        }
        else
        {
            admin.PrepareSocket();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(System.Net.IPEndPoint.Parse(config.MetricsListen));
                if (admin.Address is { } tcp)
                {
                    k.Listen(tcp);
                }
                else
                {
                    k.ListenUnixSocket(admin.SocketPath);
                }
            });
        }

        var registry = Metrics.NewCustomRegistry();
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(new StartupConfig(config, configPath));
        builder.Services.AddSingleton<ControllerService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControllerService>());

        var app = builder.Build();
        var service = app.Services.GetRequiredService<ControllerService>();
        _ = new DataPlaneMetrics(registry, () => service.Controller?.ReadStats());
        _ = new FlowTableMetrics(registry, () => service.Controller);
        app.MapMetrics("/metrics", registry);
        app.MapGet("/status", () => service.Controller is { } c ? Results.Json(StatusView.From(c)) : Results.StatusCode(503));
        if (admin is not null)
        {
            AdminApi.Map(app, service, token!, admin);
            // Reads are open to local users; writes need the token, which only root can read.
            app.Lifetime.ApplicationStarted.Register(admin.OpenSocketToLocalUsers);
            if (admin.Address is null)
            {
                app.Lifetime.ApplicationStopped.Register(() => File.Delete(admin.SocketPath));
            }
        }
        return app;
    }

    /// <summary>"127.0.0.1:9100" -> "http://127.0.0.1:9100" (IPv6 as "[::1]:9100").</summary>
    public static string ListenUrl(string listen) => "http://" + listen;
}
