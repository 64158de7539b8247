using System.CommandLine;
using FastLb.Model;

namespace FastLb.Host;

/// <summary>`fastlb check`: validates a config file and prints every error with its location.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var config = ConfigFileOption.Create("The config file to validate.");
        var command = new Command("check", "Validate a config file; print every error as file:line:column.") { config };
        command.SetAction(result => Run(result.GetRequiredValue(config), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var config = ConfigLoader.LoadFile(path, FastLb.Reconciler.DataPlaneLimits.Config);
            stdout.WriteLine($"{path}: ok ({config.Services.Count} services, {config.Services.Sum(s => s.Reals.Count)} reals)");
            return 0;
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors)
            {
                stderr.WriteLine(error);
            }
            return 1;
        }
    }
}
