using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using FastLb.Reconciler;

namespace FastLb.Host;

/// <summary>
/// `fastlb explain CLIENT:PORT VIP:PORT/PROTO`: where the live data plane sends that flow, read
/// from the instance's pinned maps; the real's name, health and weight come from the controller
/// when it answers.
/// </summary>
public static class ExplainCommand
{
    public sealed record Result(FlowExplanation Maps, string? Service, string? Real, string? Health, string? LastReason, int? Weight, string? Note);

    public static Command Create()
    {
        var client = new Argument<string>("CLIENT") { Description = "The client's address and port, e.g. 198.51.100.7:40000 or [2001:db8::7]:40000." };
        var vip = new Argument<string>("VIP") { Description = "The destination: VIP:PORT/PROTO, e.g. 203.0.113.10:80/tcp." };
        var instance = InstanceOption.Create();
        var json = AdminCli.JsonOption();
        var address = AdminCli.AddressOption();
        var command = new Command("explain", "Explain where the live data plane sends a flow: service, flow table, ring slot, real, its health and weight.")
        {
            client, vip, instance, json, address,
        };
        command.SetAction((r, ct) => RunAsync(r.GetRequiredValue(client), r.GetRequiredValue(vip), r.GetRequiredValue(instance), r.GetValue(json),
            r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, ct, r.GetValue(address)));
        return command;
    }

    public static async Task<int> RunAsync(string clientText, string vipText, string instance, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct, string? admin = null)
    {
        if (!IPEndPoint.TryParse(clientText, out var client) || client.Port == 0)
        {
            stderr.WriteLine($"fastlb explain: client '{clientText}' is not ADDRESS:PORT");
            return Cli.UsageError;
        }
        var slash = vipText.LastIndexOf('/');
        var proto = slash < 0 ? "tcp" : vipText[(slash + 1)..].ToLowerInvariant();
        if (!IPEndPoint.TryParse(slash < 0 ? vipText : vipText[..slash], out var vip) || vip.Port == 0 || proto is not ("tcp" or "udp"))
        {
            stderr.WriteLine($"fastlb explain: destination '{vipText}' is not VIP:PORT/tcp or VIP:PORT/udp");
            return Cli.UsageError;
        }
        if (client.AddressFamily != vip.AddressFamily)
        {
            stderr.WriteLine($"fastlb explain: client {client.Address} and VIP {vip.Address} are of different families");
            return Cli.UsageError;
        }
        FlowExplanation maps;
        try
        {
            maps = FlowExplainer.Explain(new PinnedState(instance), client, vip, proto == "tcp" ? (byte)6 : (byte)17);
        }
        catch (Exception e) when (e is InvalidOperationException or FastLb.Interop.Bpf.BpfException)
        {
            stderr.WriteLine($"fastlb explain: {e.Message}");
            return 1;
        }
        var result = await WithControllerAsync(maps, AdminEndpoint.For(instance, admin), ct);
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(result, AdminCli.JsonOutput));
        }
        else
        {
            Print(result, stdout);
        }
        return 0;
    }

    private static async Task<Result> WithControllerAsync(FlowExplanation maps, AdminEndpoint admin, CancellationToken ct)
    {
        if (!maps.ServiceMatched)
        {
            return new Result(maps, null, null, null, null, null, null);
        }
        try
        {
            using var client = new AdminClient(admin);
            var (_, servicesText) = await client.GetAsync("/v1/services", ct);
            var (_, realsText) = await client.GetAsync("/v1/reals", ct);
            var service = JsonDocument.Parse(servicesText).RootElement.EnumerateArray()
                .FirstOrDefault(s => s.GetProperty("id").GetUInt32() == maps.ServiceId);
            var name = service.ValueKind == JsonValueKind.Object ? service.GetProperty("name").GetString() : null;
            var real = JsonDocument.Parse(realsText).RootElement.EnumerateArray()
                .FirstOrDefault(r => maps.RealIndex is { } i && r.GetProperty("index").GetUInt32() == i && r.GetProperty("service").GetString() == name);
            return real.ValueKind == JsonValueKind.Object
                ? new Result(maps, name, real.GetProperty("name").GetString(), real.GetProperty("health").GetString(), real.GetProperty("lastReason").GetString(),
                    real.GetProperty("weight").GetInt32(), null)
                : new Result(maps, name, null, null, null, null, null);
        }
        catch (HttpRequestException)
        {
            return new Result(maps, null, null, null, null, null, $"no controller answers on {admin.Where}: names, health and weight unknown (the maps above are live)");
        }
    }

    private static void Print(Result r, TextWriter o)
    {
        var m = r.Maps;
        o.WriteLine($"flow:       {m.Flow}");
        if (!m.ServiceMatched)
        {
            o.WriteLine($"service:    none: {m.FlowTableNote}");
            return;
        }
        o.WriteLine($"service:    {r.Service ?? "?"} (id {m.ServiceId}, {m.Mode}), ring of {m.RingSize} slots, live copy {m.LiveCopy}");
        o.WriteLine($"flow table: {m.FlowTableNote}");
        if (!m.InFlowTable)
        {
            o.WriteLine($"ring:       hash 0x{m.Hash.ToString("x8", CultureInfo.InvariantCulture)} -> slot {m.Slot} of {m.RingSize}");
        }
        if (m.RealIndex is not { } index)
        {
            o.WriteLine("real:       none: the slot holds no real (every real is down or drained): new flows are dropped");
        }
        else
        {
            var health = r.Health is null ? "" : $"; health {r.Health}" + (string.IsNullOrEmpty(r.LastReason) ? "" : $" (last check: {r.LastReason})");
            var weight = r.Weight is { } w ? $"; weight {w}" : "";
            o.WriteLine($"real:       {index} {r.Real ?? ""} {m.RealEndpoint}: {(m.RealUp ? "up" : "down")} in the maps{weight}{health}".Replace("  ", " ", StringComparison.Ordinal));
        }
        if (r.Note is not null)
        {
            o.WriteLine($"note:       {r.Note}");
        }
    }
}
