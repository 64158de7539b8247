using System.CommandLine;
using System.Text.Json;

namespace FastLb.Host;

/// <summary>`fastlb reals`: every real with its weight, health and last probe's reason, counters and rates.</summary>
public static class RealsCommand
{
    public static Command Create() => AdminCli.Create("reals", "List the reals: weight, drained, health and the last check's reason, packets and new flows.",
        _ => (HttpMethod.Get, "/v1/reals", null), Print);

    private static void Print(JsonElement list, TextWriter o) => AdminCli.PrintTable(o,
        ["SERVICE", "REAL", "ADDRESS", "WEIGHT", "DRAINED", "HEALTH", "LAST CHECK", "IN-RING", "PACKETS", "NEW FLOWS", "PKT/S"],
        list.EnumerateArray().Select(r => new[]
        {
            AdminCli.Text(r, "service"), AdminCli.Text(r, "name"), $"{AdminCli.Text(r, "address")}:{AdminCli.Text(r, "port")}",
            AdminCli.Text(r, "weight") == AdminCli.Text(r, "configuredWeight") ? AdminCli.Text(r, "weight") : $"{AdminCli.Text(r, "weight")} (config {AdminCli.Text(r, "configuredWeight")})",
            AdminCli.Text(r, "drained") == "True" ? "yes" : "no", AdminCli.Text(r, "health"),
            AdminCli.Text(r, "lastReason") is { Length: > 0 } reason ? reason : "-",
            AdminCli.Text(r, "inRing") == "True" ? "yes" : "no", AdminCli.Text(r, "packets"), AdminCli.Text(r, "newFlows"), AdminCli.Rate(r, "packetsPerSecond"),
        }));
}
