using System.CommandLine;
using System.Text.Json;
using FastLb.Model;

namespace FastLb.Host;

/// <summary>`fastlb doctor`: why isn't it forwarding? Every check in plain words, each problem with its fix; exit 1 on a failure.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var config = ConfigFileOption.Create("The config of the instance to examine.", RunCommand.DefaultConfigPath);
        var realNs = new Option<string[]>("--real-namespace")
        {
            Description = "REAL=NAMESPACE: inspect a DSR real's VIP and ARP settings in that network namespace (labs); repeatable.",
            HelpName = "REAL=NS",
            AllowMultipleArgumentsPerToken = false,
        };
        var sample = new Option<double>("--sample") { Description = "Seconds between the two counter reads (rising drops, VIP traffic).", DefaultValueFactory = _ => 1.0 };
        var json = AdminCli.JsonOption();
        var command = new Command("doctor", "Check why FastLb may not forward: program, interface, MTU, VIP routing, neighbours/routes, DSR reals, health, drops.")
        {
            config, realNs, sample, json,
        };
        command.SetAction(async (r, ct) =>
        {
            var o = r.InvocationConfiguration.Output;
            var e = r.InvocationConfiguration.Error;
            FastLbConfig cfg;
            try
            {
                cfg = ConfigLoader.LoadFile(r.GetRequiredValue(config), FastLb.Reconciler.DataPlaneLimits.Config);
            }
            catch (ConfigException ex)
            {
                foreach (var error in ex.Errors)
                {
                    e.WriteLine(error);
                }
                return 1;
            }
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in r.GetValue(realNs) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == pair.Length - 1)
                {
                    e.WriteLine($"fastlb doctor: --real-namespace '{pair}' is not REAL=NAMESPACE");
                    return Cli.UsageError;
                }
                map[pair[..eq]] = pair[(eq + 1)..];
            }
            var checks = await Doctor.RunAsync(cfg, map, TimeSpan.FromSeconds(Math.Clamp(r.GetValue(sample), 0, 60)), ct);
            if (r.GetValue(json))
            {
                o.WriteLine(JsonSerializer.Serialize(checks, AdminCli.JsonOutput));
            }
            else
            {
                foreach (var c in checks)
                {
                    o.WriteLine($"{c.Status,-4}  {c.Check}: {c.Found}");
                    if (c.Fix is not null)
                    {
                        o.WriteLine($"      fix: {c.Fix}");
                    }
                }
            }
            return checks.Any(c => c.Status == DoctorCheck.Fail) ? 1 : 0;
        });
        return command;
    }
}
