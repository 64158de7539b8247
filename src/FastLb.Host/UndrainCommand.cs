using System.CommandLine;

namespace FastLb.Host;

/// <summary>`fastlb undrain SERVICE REAL`: the real takes new flows again.</summary>
public static class UndrainCommand
{
    public static Command Create()
    {
        var (service, real) = RealArguments.Create();
        return AdminCli.Create("undrain", "Undrain a real: it takes new flows again (needs the admin token: root).",
            r => (HttpMethod.Post, RealArguments.Path(r, service, real, "undrain"), null), AdminCli.PrintOutcome, service, real);
    }
}
