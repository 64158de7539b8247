using System.Text.Json;

namespace FastLb.Lab;

/// <summary>An interface's kernel counters (ip -s -j link), to see where frames went.</summary>
public sealed record InterfaceCounters(long RxPackets, long RxBytes, long RxDropped, long TxPackets, long TxBytes, long TxDropped)
{
    /// <summary>Reads the counters of <paramref name="ifname"/> inside <paramref name="ns"/>.</summary>
    public static InterfaceCounters Read(LabNamespace ns, string ifname)
    {
        var json = ns.Ip("-s", "-j", "link", "show", "dev", ifname);
        using var doc = JsonDocument.Parse(json);
        var link = doc.RootElement.EnumerateArray().FirstOrDefault();
        if (link.ValueKind != JsonValueKind.Object || !link.TryGetProperty("stats64", out var stats))
        {
            throw new LabException($"no counters for {ifname} in namespace {ns.Name}: {json.Trim()}");
        }
        var rx = stats.GetProperty("rx");
        var tx = stats.GetProperty("tx");
        return new InterfaceCounters(
            rx.GetProperty("packets").GetInt64(),
            rx.GetProperty("bytes").GetInt64(),
            rx.GetProperty("dropped").GetInt64(),
            tx.GetProperty("packets").GetInt64(),
            tx.GetProperty("bytes").GetInt64(),
            tx.GetProperty("dropped").GetInt64());
    }

    /// <summary>The change from <paramref name="before"/> to this reading.</summary>
    public InterfaceCounters Since(InterfaceCounters before) => new(
        RxPackets - before.RxPackets,
        RxBytes - before.RxBytes,
        RxDropped - before.RxDropped,
        TxPackets - before.TxPackets,
        TxBytes - before.TxBytes,
        TxDropped - before.TxDropped);
}
