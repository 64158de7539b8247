// A controller instance serving a DSR L2 lab, started as `fastlb run` would, for the tests of its admin API and commands.
using System.Globalization;
using FastLb.Host;
using Microsoft.AspNetCore.Builder;
using static FastLb.LabTests.AdminTestTools;

namespace FastLb.LabTests;

/// <summary>
/// A DSR L2 lab with its real servers on port 80, and the controller host of instance
/// PREFIX-SUFFIX serving it from a config file in a temp directory. Disposing stops the host and
/// removes its pins, token, the servers still running, the directory and the lab.
/// </summary>
internal sealed class LiveInstance : IAsyncDisposable
{
    private LiveInstance(DsrL2Lab lab, string instance, AdminEndpoint admin, string dir)
    {
        Lab = lab;
        Instance = instance;
        Admin = admin;
        Dir = dir;
        Pins = new PinnedState(instance);
    }

    public DsrL2Lab Lab { get; }

    public string Instance { get; }

    public AdminEndpoint Admin { get; }

    public PinnedState Pins { get; }

    /// <summary>The real servers still running (a test may stop some and remove them).</summary>
    public List<LabHttpServer> Servers { get; } = [];

    public string Dir { get; }

    /// <summary>The `metrics:` listener, on a free loopback port.</summary>
    public string Metrics { get; } = "127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture);

    public string ConfigPath => Path.Combine(Dir, "fastlb.yaml");

    public WebApplication App { get; private set; } = null!;

    /// <summary>
    /// Requires root, then starts the instance: the lab's default config, with
    /// <paramref name="check"/> (a `check:` flow mapping) on the service and `admin:` at
    /// <paramref name="adminAt"/> when given.
    /// </summary>
    public static async Task<LiveInstance> StartAsync(string suffix, string? check = null, string? adminAt = null, string? serviceKeys = null)
    {
        Privileges.RequireRoot();
        var lab = DsrL2Lab.Create();
        var instance = $"{lab.Prefix}-{suffix}";
        var live = new LiveInstance(lab, instance, AdminEndpoint.For(instance, adminAt), Directory.CreateTempSubdirectory($"fastlb-{suffix}-").FullName);
        try
        {
            live.Servers.AddRange(lab.StartHttpServers(80));
            var yaml = $"instance: {instance}\n" + (adminAt is null ? "" : $"admin: {adminAt}\n") + lab.DefaultConfigYaml(80, live.Metrics);
            if (check is not null)
            {
                yaml = yaml.Replace("    mode: dsr-l2\n", $"    mode: dsr-l2\n    check: {check}\n", StringComparison.Ordinal);
            }
            if (serviceKeys is not null)
            {
                yaml = yaml.Replace("    mode: dsr-l2\n", $"    mode: dsr-l2\n{serviceKeys}", StringComparison.Ordinal);
            }
            File.WriteAllText(live.ConfigPath, yaml);
            live.App = ControllerHost.Build(Model.ConfigLoader.LoadFile(live.ConfigPath, DataPlaneLimits.Config), live.ConfigPath);
            await live.App.StartAsync();
            return live;
        }
        catch
        {
            await live.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        Pins.Remove();
        File.Delete(Admin.TokenPath);
        foreach (var s in Servers)
        {
            await s.DisposeAsync();
        }
        Directory.Delete(Dir, recursive: true);
        Lab.Dispose();
    }
}
