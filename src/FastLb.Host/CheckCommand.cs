using System.CommandLine;
using System.Text.Json;
using FastLb.Model;

namespace FastLb.Host;

/// <summary>`fastlb check`: validates a config file and prints every error with its location.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var config = ConfigFileOption.Create("The config file to validate.");
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON on stdout: ok, counts, and every error with file, line, column and message." };
        var command = new Command("check", "Validate a config file; print every error as file:line:column.") { config, json };
        command.SetAction(result => Run(result.GetRequiredValue(config), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, result.GetValue(json)));
        return command;
    }

    public static int Run(string path, TextWriter stdout, TextWriter stderr, bool json = false)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var config = ConfigLoader.LoadFile(path, FastLb.Reconciler.DataPlaneLimits.Config);
            int services = config.Services.Count, reals = config.Services.Sum(s => s.Reals.Count);
            stdout.WriteLine(json
                ? JsonSerializer.Serialize(new Verdict(path, true, services, reals, []), AdminCli.JsonOutput)
                : $"{path}: ok ({services} services, {reals} reals)");
            return 0;
        }
        catch (ConfigException e)
        {
            if (json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new Verdict(path, false, null, null, e.Errors), AdminCli.JsonOutput));
                return 1;
            }
            foreach (var error in e.Errors)
            {
                stderr.WriteLine(error);
            }
            return 1;
        }
    }

    /// <summary>`check --json`'s answer; counts only when the file is valid.</summary>
    private sealed record Verdict(string File, bool Ok, int? Services, int? Reals, IReadOnlyList<ConfigError> Errors);
}
