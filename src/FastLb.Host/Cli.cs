namespace FastLb.Host;

/// <summary>Parses the command line and dispatches to a command; returns the exit code.</summary>
public static class Cli
{
    public const string Usage = """
        usage: fastlb <command> [options]
          run   --config FILE      run the controller on FILE (SIGHUP reloads it)
          check --config FILE      validate FILE; print every error as file:line:column
          demo  [--mode dsr-l2|routed|transparent] [--requests N] [--once]
                                   build a lab (client, load balancer, 3 reals), serve it from the
                                   mode's embedded config, send N requests (default 300) to the
                                   VIP and print who served them; --once exits instead of waiting
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var options = CliOptions.Parse(args.AsSpan(1));
        if (options.Error is { } error)
        {
            Console.Error.WriteLine($"fastlb: {error}");
            return 2;
        }
        return args[0] switch
        {
            "run" => await RunCommand.RunAsync(options),
            "check" => CheckCommand.Run(options),
            "demo" => await DemoCommand.RunAsync(options),
            _ => Unknown(args[0]),
        };
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"fastlb: unknown command '{command}'\n{Usage}");
        return 2;
    }
}
