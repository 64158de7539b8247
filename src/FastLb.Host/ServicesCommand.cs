using System.CommandLine;
using System.Text.Json;

namespace FastLb.Host;

/// <summary>`fastlb services`: every service with its reals in ring, packets and rates.</summary>
public static class ServicesCommand
{
    public static Command Create() => AdminCli.Create("services", "List the services: VIP, mode, reals in ring, packets and packets per second.",
        _ => (HttpMethod.Get, "/v1/services", null), Print);

    private static void Print(JsonElement list, TextWriter o) => AdminCli.PrintTable(o,
        ["SERVICE", "VIP", "PORT", "PROTO", "MODE", "IN-RING", "PACKETS", "PKT/S", "BYTES/S"],
        list.EnumerateArray().Select(s => new[]
        {
            AdminCli.Text(s, "name"), AdminCli.Text(s, "vip"), AdminCli.Text(s, "port"), AdminCli.Text(s, "protocol"), AdminCli.Text(s, "mode"),
            $"{AdminCli.Text(s, "realsInRing")}/{AdminCli.Text(s, "reals")}", AdminCli.Text(s, "packets"),
            AdminCli.Rate(s, "packetsPerSecond"), AdminCli.Rate(s, "bytesPerSecond"),
        }));
}
