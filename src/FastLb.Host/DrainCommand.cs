using System.CommandLine;

namespace FastLb.Host;

/// <summary>`fastlb drain SERVICE REAL`: new flows avoid the real, its flows stay (until undrain or a reload that drops it).</summary>
public static class DrainCommand
{
    public static Command Create()
    {
        var (service, real) = RealArguments.Create();
        return AdminCli.Create("drain", "Drain a real: its flows stay, new flows go to the others (needs the admin token: root).",
            r => (HttpMethod.Post, RealArguments.Path(r, service, real, "drain"), null), AdminCli.PrintOutcome, service, real);
    }
}
