using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// Rebuilds the index allocation from adopted maps when no saved one is left (e.g. /run was
/// emptied): service ids from fastlb_services (keyed by VIP, port and protocol), real indices
/// from the fastlb_reals entries, each naming its service and endpoint. Keys are the Planner's,
/// so every real that is still configured keeps its index.
/// </summary>
public static class IndexRecovery
{
    public static IndexFile FromMaps(DataPlane dp)
    {
        var services = new Dictionary<string, uint>(StringComparer.Ordinal);
        var byId = new Dictionary<uint, string>();
        foreach (var key in dp.Services.Keys<VipKey>().ToList())
        {
            if (dp.Services.TryLookup(key, out Service value) && value.Id < dp.Services.MaxEntries && !byId.ContainsKey(value.Id))
            {
                var name = $"{(L4Protocol)key.Proto}/{RealConfig.FormatEndpoint(key.Address, key.HostPort)}";
                services[name] = value.Id;
                byId[value.Id] = name;
            }
        }
        var reals = new Dictionary<string, uint>(StringComparer.Ordinal);
        for (var index = 0u; index < dp.Reals.MaxEntries; index++)
        {
            if (dp.Reals.TryLookup(index, out Real real) && real.Family != Family.None && byId.TryGetValue(real.Service, out var service))
            {
                reals.TryAdd($"{service}>{RealConfig.FormatEndpoint(real.Address, real.HostPort)}", index);
            }
        }
        return new IndexFile(services, reals);
    }
}
