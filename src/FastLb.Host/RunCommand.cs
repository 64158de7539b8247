using System.CommandLine;
using FastLb.Model;

namespace FastLb.Host;

/// <summary>`fastlb run`: the controller on a config file, until SIGINT/SIGTERM.</summary>
public static class RunCommand
{
    public const string DefaultConfigPath = "/etc/fastlb/fastlb.yaml";

    public static Command Create()
    {
        var config = ConfigFileOption.Create("The config file to serve; SIGHUP reloads it.", DefaultConfigPath);
        var command = new Command("run", "Run the controller: attach the XDP program, check the reals, serve /metrics and /status.") { config };
        command.SetAction((result, _) => RunAsync(result.GetRequiredValue(config), result.InvocationConfiguration.Error));
        return command;
    }

    public static async Task<int> RunAsync(string path, TextWriter stderr)
    {
        FastLbConfig config;
        try
        {
            config = ConfigLoader.LoadFile(path, FastLb.Reconciler.DataPlaneLimits.Config);
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors)
            {
                stderr.WriteLine(error);
            }
            return 1;
        }
        try
        {
            // Building claims the admin socket: a second controller of the instance stops here.
            await using var app = ControllerHost.Build(config, path);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FastLb.Interop.Bpf.BpfException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"fastlb: {e.Message}");
            return 1;
        }
    }
}
