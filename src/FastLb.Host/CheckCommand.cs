using FastLb.Model;

namespace FastLb.Host;

/// <summary>`fastlb check`: validates a config file and prints every error with its location.</summary>
public static class CheckCommand
{
    public static int Run(CliOptions options)
    {
        if (options.ConfigPath is null)
        {
            Console.Error.WriteLine("fastlb check: --config FILE is required");
            return 2;
        }
        try
        {
            var config = ConfigLoader.LoadFile(options.ConfigPath, FastLb.Reconciler.DataPlaneLimits.Config);
            Console.WriteLine($"{options.ConfigPath}: ok ({config.Services.Count} services, {config.Services.Sum(s => s.Reals.Count)} reals)");
            return 0;
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors)
            {
                Console.Error.WriteLine(error);
            }
            return 1;
        }
    }
}
