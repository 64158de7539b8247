using System.CommandLine;
using System.Text.Json;

namespace FastLb.Host;

/// <summary>`fastlb status`: the running controller of an instance, from its admin socket.</summary>
public static class StatusCommand
{
    public static Command Create() => AdminCli.Create("status", "Show the running controller: interface, config, services, reals in ring.",
        _ => (HttpMethod.Get, "/v1/status", null), Print);

    private static void Print(JsonElement s, TextWriter o)
    {
        foreach (var p in new[] { "instance", "interface", "insideInterface", "namespace", "configFile", "adopted", "services", "reals", "realsInRing", "healthTransitions", "reconciled", "version" })
        {
            o.WriteLine($"{p + ":",-19}{AdminCli.Text(s, p)}");
        }
    }
}
