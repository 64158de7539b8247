using System.CommandLine;
using System.CommandLine.Help;

namespace FastLb.Host;

/// <summary>
/// The command line: one System.CommandLine command per file, each with its own options and
/// --help. Parse errors print as "fastlb COMMAND: message" and exit 2; commands write only to
/// the writers given here, so tests pass their own.
/// </summary>
public static class Cli
{
    /// <summary>Usage errors: an unknown command or option, a missing or bad value.</summary>
    public const int UsageError = 2;

    /// <summary>Every command; a new one is a factory method (most a file with a Create method) and one line here.</summary>
    private static readonly Func<Command>[] Commands =
    [
        RunCommand.Create,
        CheckCommand.Create,
        DemoCommand.Create,
        DecapCommand.Create,
        StopCommand.Create,
        StatusCommand.Create,
        ListCommands.Services,
        ListCommands.Reals,
        RealStateCommands.Drain,
        RealStateCommands.Undrain,
        WeightCommand.Create,
        ReloadCommand.Create,
        ExplainCommand.Create,
        DoctorCommand.Create,
        TopCommand.Create,
    ];

    public static RootCommand Build()
    {
        // Named here, not after the running executable (dotnet, a test host).
        var root = new RootCommand("FastLb, a layer-4 load balancer: its controller and tools.") { HelpName = "fastlb" };
        foreach (var create in Commands)
        {
            root.Add(create());
        }
        // No command at all: the overview, and a usage error.
        root.SetAction(result =>
        {
            new HelpAction().Invoke(result);
            return UsageError;
        });
        return root;
    }

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = Build();
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            WriteErrors(root, result, stderr);
            return UsageError;
        }
        var io = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // The controller's host and the demo handle SIGINT/SIGTERM themselves.
            ProcessTerminationTimeout = null,
        };
        return await result.InvokeAsync(io, cancellationToken);
    }

    private static void WriteErrors(RootCommand root, ParseResult result, TextWriter stderr)
    {
        var command = result.CommandResult.Command;
        if (command == root)
        {
            var first = result.Tokens.FirstOrDefault()?.Value;
            if (first is not null && !first.StartsWith('-'))
            {
                stderr.WriteLine($"fastlb: unknown command '{first}'");
                root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stderr });
                return;
            }
        }
        // A subcommand is named with its parents: "fastlb decap attach".
        var path = new List<string>();
        for (var r = result.CommandResult; r is not null && r.Command != root; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, r.Command.Name);
        }
        var name = string.Join(' ', [root.HelpName, .. path]);
        foreach (var error in result.Errors)
        {
            stderr.WriteLine($"{name}: {error.Message}");
        }
        stderr.WriteLine($"see '{name} --help'");
    }
}
