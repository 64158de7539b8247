using System.CommandLine;

namespace FastLb.Host;

/// <summary>`fastlb reload`: the controller rereads its config file (as on SIGHUP); a bad file is refused with every error.</summary>
public static class ReloadCommand
{
    public static Command Create() => AdminCli.Create("reload", "Reload the config file; a refused file prints every error and the running config stays (needs the admin token: root).",
        _ => (HttpMethod.Post, "/v1/reload", null), AdminCli.PrintOutcome);
}
