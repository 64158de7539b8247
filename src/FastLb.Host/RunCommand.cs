using FastLb.Model;

namespace FastLb.Host;

/// <summary>`fastlb run`: the controller on a config file, until SIGINT/SIGTERM.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(CliOptions options)
    {
        var path = options.ConfigPath ?? "/etc/fastlb/fastlb.yaml";
        FastLbConfig config;
        try
        {
            config = ConfigLoader.LoadFile(path, FastLb.Reconciler.DataPlaneLimits.Config);
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors)
            {
                Console.Error.WriteLine(error);
            }
            return 1;
        }
        await using var app = ControllerHost.Build(config, path);
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FastLb.Interop.Bpf.BpfException)
        {
            Console.Error.WriteLine($"fastlb: {e.Message}");
            return 1;
        }
    }
}
