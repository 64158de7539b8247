using System.CommandLine;
using System.Text.Json;

namespace FastLb.Host;

/// <summary>`fastlb services` and `fastlb reals`: the admin API's lists, printed as tables.</summary>
public static class ListCommands
{
    /// <summary>`fastlb services`: every service with its reals in ring, packets and rates.</summary>
    public static Command Services() => Create("services", "List the services: VIP, mode, reals in ring, packets and packets per second.", "/v1/services", PrintServices);

    /// <summary>`fastlb reals`: every real with its weight, health and last probe's reason, counters and rates.</summary>
    public static Command Reals() => Create("reals", "List the reals: weight, drained, health and the last check's reason, packets and new flows.", "/v1/reals", PrintReals);

    /// <summary>A GET of <paramref name="path"/>, its JSON list printed by <paramref name="print"/>.</summary>
    private static Command Create(string name, string description, string path, Action<JsonElement, TextWriter> print) =>
        AdminCli.Create(name, description, _ => (HttpMethod.Get, path, null), print);

    private static void PrintServices(JsonElement list, TextWriter o) => AdminCli.PrintTable(o,
        ["SERVICE", "VIP", "PORT", "PROTO", "MODE", "IN-RING", "PACKETS", "PKT/S", "BYTES/S"],
        list.EnumerateArray().Select(s => new[]
        {
            AdminCli.Text(s, "name"), AdminCli.Text(s, "vip"), AdminCli.Text(s, "port"), AdminCli.Text(s, "protocol"), AdminCli.Text(s, "mode"),
            $"{AdminCli.Text(s, "realsInRing")}/{AdminCli.Text(s, "reals")}", AdminCli.Text(s, "packets"),
            AdminCli.Rate(s, "packetsPerSecond"), AdminCli.Rate(s, "bytesPerSecond"),
        }));

    private static void PrintReals(JsonElement list, TextWriter o) => AdminCli.PrintTable(o,
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
