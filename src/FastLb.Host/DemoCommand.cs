using FastLb.Lab;
using FastLb.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastLb.Host;

/// <summary>
/// `fastlb demo`: builds the lab of `--mode` (default L2 DSR; <see cref="DemoLab"/>: client,
/// load balancer, three reals running HTTP servers), serves it from that mode's embedded config, sends real requests to the VIP and
/// prints who served them. The lab is removed on exit, on Ctrl-C and on failure.
/// </summary>
public static class DemoCommand
{
    public const string LabPrefix = "fldemo";

    /// <summary>The embedded default config (demo.yaml).</summary>
    public static string DefaultConfigYaml() => DemoLab.ConfigYaml(DemoLab.Modes[0]);

    public static async Task<int> RunAsync(CliOptions options, TextWriter? output = null)
    {
        var @out = output ?? Console.Out;
        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("fastlb demo: needs root (it builds network namespaces and loads XDP); run it with sudo");
            return 1;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var config = ConfigLoader.Parse(DemoLab.ConfigYaml(options.Mode), DemoLab.ResourceName(options.Mode) + " (embedded)");
        RemoveStaleLab();
        @out.WriteLine($"building the lab: {DemoLab.Describe(options.Mode)} ...");
        var lab = DemoLab.Build(options.Mode, LabPrefix);
        var servers = lab.Servers;
        try
        {
            await using var app = ControllerHost.Build(config, configPath: null, LogLevel.Warning);
            await app.StartAsync(stop.Token);
            // The host owns SIGINT/SIGTERM once started; its stop is ours too.
            using var onStop = app.Lifetime.ApplicationStopping.Register(stop.Cancel);
            @out.WriteLine($"controller attached to {config.Interface} (namespace {config.Namespace}); sending {options.Requests} requests to http://{lab.Vip}/ from the client ...");

            var result = await LabHttpClient.RunRequestsAsync(options.Requests, lab.Client.Namespace, lab.Vip, 80, TimeSpan.FromSeconds(3), stop.Token, parallelism: 4);
            var stats = app.Services.GetService<ControllerService>()?.Controller?.ReadStats();
            @out.WriteLine();
            @out.WriteLine($"{"real",-8} {"address",-15} {"served (client)",15} {"accepted (server)",17} {"xdp packets",12} {"new flows",10}  seen from");
            for (var i = 0; i < servers.Count; i++)
            {
                var name = lab.RealNames[i];
                var real = stats?.Reals.FirstOrDefault(r => r.Real == name);
                // The source address the real's server saw: the client's own, or FastLb's SNAT address.
                var seenFrom = string.Join(",", servers[i].Clients.Select(c => c.Address.IsIPv4MappedToIPv6 ? c.Address.MapToIPv4() : c.Address).Distinct());
                @out.WriteLine($"{name,-8} {lab.RealAddresses[i],-15} {result.CountFor(name),15} {servers[i].RequestCount,17} {real?.Packets ?? 0,12} {real?.NewFlows ?? 0,10}  {seenFrom}");
            }
            @out.WriteLine($"{"total",-8} {"",-15} {result.Succeeded,15} {servers.Sum(s => s.RequestCount),17}");
            if (result.Failures > 0)
            {
                @out.WriteLine($"{result.Failures} requests failed, first: {result.Errors.FirstOrDefault()}");
            }
            @out.WriteLine();
            @out.WriteLine($"metrics: {ControllerHost.ListenUrl(config.MetricsListen)}/metrics   status: {ControllerHost.ListenUrl(config.MetricsListen)}/status");
            if (!options.Once)
            {
                @out.WriteLine("the lab stays up until Ctrl-C (try: sudo ip netns exec fldemo-cl curl -s http://203.0.113.10/)");
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
            await app.StopAsync(CancellationToken.None);
            return result.Failures == 0 && result.ByIdentity.Count == servers.Count ? 0 : 1;
        }
        finally
        {
            await lab.DisposeAsync();
            @out.WriteLine("lab removed.");
        }
    }

    /// <summary>A demo killed hard leaves its namespaces behind; they are ours by name, so clear them.</summary>
    private static void RemoveStaleLab()
    {
        foreach (var line in Command.Run("ip", "netns", "list").Split('\n'))
        {
            var name = line.Split(' ', 2)[0];
            if (name.StartsWith(LabPrefix + "-", StringComparison.Ordinal))
            {
                Command.TryRun("ip", "netns", "del", name);
            }
        }
    }
}
