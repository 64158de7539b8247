using System.CommandLine;

namespace FastLb.Host;

/// <summary>`fastlb drain|undrain SERVICE REAL`: the commands that turn a real's new flows off and on again.</summary>
public static class RealStateCommands
{
    /// <summary>`fastlb drain SERVICE REAL`: new flows avoid the real, its flows stay (until undrain or a reload that drops it).</summary>
    public static Command Drain() => Create("drain", "Drain a real: its flows stay, new flows go to the others (needs the admin token: root).");

    /// <summary>`fastlb undrain SERVICE REAL`: the real takes new flows again.</summary>
    public static Command Undrain() => Create("undrain", "Undrain a real: it takes new flows again (needs the admin token: root).");

    /// <summary>A POST to the real's <paramref name="action"/> endpoint, named as the action.</summary>
    private static Command Create(string action, string description)
    {
        var (service, real) = RealArguments.Create();
        return AdminCli.Create(action, description,
            r => (HttpMethod.Post, RealArguments.Path(r, service, real, action), null), AdminCli.PrintOutcome, service, real);
    }
}
