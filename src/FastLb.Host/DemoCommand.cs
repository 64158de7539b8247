using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using FastLb.Lab;
using Command = System.CommandLine.Command;
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

    public static Command Create()
    {
        var requests = new Option<int>("--requests")
        {
            Description = "How many HTTP requests the client sends to the VIP.",
            HelpName = "N",
            DefaultValueFactory = _ => DemoOptions.DefaultRequests,
            CustomParser = ParseRequests,
        };
        var once = new Option<bool>("--once") { Description = "Print the table and remove the lab instead of waiting for Ctrl-C." };
        var mode = new Option<ForwardingMode>("--mode")
        {
            Description = "The forwarding mode the lab shows (default: dsr-l2).",
            HelpName = string.Join('|', ConfigNames<ForwardingMode>.All.Select(m => m.Name)),
            // No default factory: help would print the enum's name; the default is DsrL2 (0).
            CustomParser = ParseMode,
        };
        var command = new Command("demo", "Build a lab (a client, the load balancer, three reals), serve it from the embedded default config, send requests to the VIP and print who served them.")
        {
            requests,
            once,
            mode,
        };
        command.SetAction((result, _) => RunAsync(Bind(result), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The demo's options from a parsed `fastlb demo ...` line.</summary>
    public static DemoOptions Bind(ParseResult result) => new(
        result.GetValue<int>("--requests"),
        result.GetValue<bool>("--once"),
        result.GetValue<ForwardingMode>("--mode"));

    private static int ParseRequests(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            return n;
        }
        result.AddError($"--requests needs a positive number, not '{token}'");
        return 0;
    }

    private static ForwardingMode ParseMode(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ConfigNames<ForwardingMode>.TryParse(token, out var mode))
        {
            return mode;
        }
        result.AddError($"--mode must be one of {string.Join(", ", ConfigNames<ForwardingMode>.All.Select(m => m.Name))}, not '{token}'");
        return default;
    }

    /// <summary>The embedded default config (demo.yaml).</summary>
    public static string DefaultConfigYaml() => DemoLab.ConfigYaml(DemoLab.Modes[0]);

    public static async Task<int> RunAsync(DemoOptions options, TextWriter @out, TextWriter stderr)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            stderr.WriteLine("fastlb demo: needs root (it builds network namespaces and loads XDP); run it with sudo");
            return 1;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        if (options.Mode is ForwardingMode.DsrIpip or ForwardingMode.DsrGue)
        {
            RemoveStaleLab();
            return await L3DsrDemo.RunAsync(options, @out, stop);
        }
        var mode = ConfigNames<ForwardingMode>.Of(options.Mode);
        var config = ConfigLoader.Parse(DemoLab.ConfigYaml(mode), DemoLab.ResourceName(mode) + " (embedded)", FastLb.Reconciler.DataPlaneLimits.Config);
        RemoveStaleLab();
        @out.WriteLine($"building the lab: {DemoLab.Describe(mode)} ...");
        var lab = DemoLab.Build(mode, LabPrefix);
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
            return await DemoEnding.FinishAsync(app, config, options, result, servers, "sudo ip netns exec fldemo-cl curl -s http://203.0.113.10/", @out, stop);
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
        foreach (var line in FastLb.Lab.Command.Run("ip", "netns", "list").Split('\n'))
        {
            var name = line.Split(' ', 2)[0];
            if (name.StartsWith(LabPrefix + "-", StringComparison.Ordinal))
            {
                FastLb.Lab.Command.TryRun("ip", "netns", "del", name);
            }
        }
    }
}
