using FastLb.Interop.Abi;
using FastLb.Lab;
using FastLb.Model;
using FastLb.Reconciler;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastLb.Host;

/// <summary>
/// `fastlb demo --mode dsr-ipip|dsr-gue`: builds the L3 DSR lab (client — router — FastLb on its
/// own network; reals behind the router running FastLb's decapsulator), serves it from the
/// embedded demo-l3dsr.yaml, sends requests to the VIP and prints who served them and what each
/// real decapsulated. The lab is removed on exit, on Ctrl-C and on failure.
/// </summary>
public static class L3DsrDemo
{
    /// <summary>The embedded L3 DSR config, in <paramref name="mode"/> (dsr-ipip or dsr-gue).</summary>
    public static string ConfigYaml(ForwardingMode mode)
    {
        using var stream = typeof(L3DsrDemo).Assembly.GetManifestResourceStream("FastLb.Host.demo-l3dsr.yaml")
            ?? throw new InvalidOperationException("embedded demo-l3dsr.yaml is missing");
        using var reader = new StreamReader(stream);
        var yaml = reader.ReadToEnd();
        return mode == ForwardingMode.DsrGue ? yaml.Replace("    mode: dsr-ipip\n", "    mode: dsr-gue\n", StringComparison.Ordinal) : yaml;
    }

    /// <summary>A decapsulator on every real's interface, accepting the lab's VIPs and the default GUE port; none left behind on failure.</summary>
    public static List<Decapsulator> AttachDecapsulators(L3DsrLab lab)
    {
        var decaps = new List<Decapsulator>();
        try
        {
            for (var i = 0; i < L3DsrLab.RealCount; i++)
            {
                var d = Decapsulator.Load();
                decaps.Add(d);
                d.Configure([lab.Vip, lab.VipV6], ServiceConfig.DefaultGuePort);
                d.Attach(lab.RealInterfaces[i], lab.Reals[i].Namespace);
            }
            return decaps;
        }
        catch
        {
            decaps.ForEach(d => d.Dispose());
            throw;
        }
    }

    public static async Task<int> RunAsync(DemoOptions options, TextWriter @out, CancellationTokenSource stop)
    {
        var config = ConfigLoader.Parse(ConfigYaml(options.Mode), "demo-l3dsr.yaml (embedded)", DataPlaneLimits.Config);
        @out.WriteLine($"building the lab: client 198.51.100.10 — router — load balancer 192.0.2.66; reals 192.0.2.11-13 behind the router; VIP 203.0.113.10:80 in {ConfigNames<ForwardingMode>.Of(options.Mode)} ...");
        using var lab = L3DsrLab.Create(DemoCommand.LabPrefix);
        List<Decapsulator> decaps = [];
        var servers = lab.StartHttpServers(80);
        try
        {
            decaps = AttachDecapsulators(lab);
            await using var app = ControllerHost.Build(config, configPath: null, LogLevel.Warning);
            await app.StartAsync(stop.Token);
            // The host owns SIGINT/SIGTERM once started; its stop is ours too.
            using var onStop = app.Lifetime.ApplicationStopping.Register(stop.Cancel);
            @out.WriteLine($"controller attached to {config.Interface} (namespace {config.Namespace}); decapsulators on {string.Join(", ", lab.RealInterfaces)}; sending {options.Requests} requests to http://{lab.Vip}/ from the client ...");

            var result = await LabHttpClient.RunRequestsAsync(options.Requests, lab.Client.Namespace, lab.Vip, 80, TimeSpan.FromSeconds(3), stop.Token, parallelism: 4);
            var stats = app.Services.GetService<ControllerService>()?.Controller?.ReadStats();
            @out.WriteLine();
            @out.WriteLine($"{"real",-8} {"address",-15} {"served (client)",15} {"accepted (server)",17} {"tunnelled",10} {"new flows",10} {"decapsulated",13}");
            for (var i = 0; i < servers.Count; i++)
            {
                var name = lab.RealNames[i];
                var real = stats?.Reals.FirstOrDefault(r => r.Real == name);
                @out.WriteLine($"{name,-8} {lab.RealAddresses[i],-15} {result.CountFor(name),15} {servers[i].RequestCount,17} {real?.Packets ?? 0,10} {real?.NewFlows ?? 0,10} {decaps[i].Count(DecapReason.PassDecap),13}");
            }
            return await DemoEnding.FinishAsync(app, config, options, result, servers, $"sudo ip netns exec {lab.Client.Name} curl -s http://{lab.Vip}/", @out, stop);
        }
        finally
        {
            await servers.DisposeAsync();
            decaps.ForEach(d => d.Dispose());
            @out.WriteLine("lab removed.");
        }
    }
}
