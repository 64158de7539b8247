using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace FastLb.Host;

/// <summary>`fastlb top`: a live table of packet and flow rates per service and real, redrawn every interval.</summary>
public static class TopCommand
{
    public static Command Create()
    {
        var instance = InstanceOption.Create();
        var address = AdminCli.AddressOption();
        var interval = new Option<double>("--interval") { Description = "Seconds between redraws (rates are over at least one second).", DefaultValueFactory = _ => 1.0 };
        var count = new Option<int>("--count") { Description = "Stop after this many redraws (0: until Ctrl-C).", DefaultValueFactory = _ => 0 };
        var json = AdminCli.JsonOption();
        var command = new Command("top", "Show packet and new-flow rates per service and real, live.") { instance, address, interval, count, json };
        command.SetAction((r, ct) => RunAsync(AdminEndpoint.For(r.GetRequiredValue(instance), r.GetValue(address)),
            TimeSpan.FromSeconds(Math.Clamp(r.GetValue(interval), 0.1, 3600)), r.GetValue(count), r.GetValue(json),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(AdminEndpoint admin, TimeSpan interval, int count, bool json, TextWriter o, TextWriter e, CancellationToken ct)
    {
        using var client = new AdminClient(admin);
        var live = !json && ReferenceEquals(o, Console.Out) && !Console.IsOutputRedirected;
        for (var n = 0; count == 0 || n < count; n++)
        {
            if (n > 0)
            {
                try
                {
                    await Task.Delay(interval, ct);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
            }
            string services, reals;
            try
            {
                (_, services) = await client.GetAsync("/v1/services", ct);
                (_, reals) = await client.GetAsync("/v1/reals", ct);
            }
            catch (HttpRequestException)
            {
                e.WriteLine($"fastlb top: no controller answers on {admin.Where} (is 'fastlb run' running for instance '{admin.Instance}'?)");
                return 1;
            }
            if (json)
            {
                o.WriteLine($"{{\"services\":{services},\"reals\":{reals}}}");
                continue;
            }
            if (live)
            {
                o.Write("\u001b[H\u001b[2J");
            }
            o.WriteLine($"fastlb top: instance {admin.Instance}, {DateTimeOffset.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}");
            AdminCli.PrintTable(o, ["SERVICE", "PKT/S", "BITS/S", "IN-RING"],
                JsonDocument.Parse(services).RootElement.EnumerateArray().Select(s => new[]
                {
                    AdminCli.Text(s, "name"), AdminCli.Rate(s, "packetsPerSecond"),
                    (s.GetProperty("bytesPerSecond").GetDouble() * 8).ToString("0", CultureInfo.InvariantCulture),
                    $"{AdminCli.Text(s, "realsInRing")}/{AdminCli.Text(s, "reals")}",
                }));
            o.WriteLine();
            AdminCli.PrintTable(o, ["SERVICE", "REAL", "PKT/S", "NEW FLOWS/S", "HEALTH", "WEIGHT"],
                JsonDocument.Parse(reals).RootElement.EnumerateArray().Select(r => new[]
                {
                    AdminCli.Text(r, "service"), AdminCli.Text(r, "name"), AdminCli.Rate(r, "packetsPerSecond"), AdminCli.Rate(r, "newFlowsPerSecond"),
                    AdminCli.Text(r, "health"), AdminCli.Text(r, "weight"),
                }));
        }
        return 0;
    }
}
