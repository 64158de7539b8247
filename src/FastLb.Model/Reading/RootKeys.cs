// The keys of the configuration's top level.
namespace FastLb.Model.Reading;

internal static class RootKeys
{
    public static readonly KeyRow[] All =
    [
        new("interface", KeyType.InterfaceName, Required: true),
        new("inside-interface", KeyType.InterfaceName),
        new("namespace", KeyType.NamespaceName),
        new("metrics", KeyType.Endpoint, FastLbConfig.DefaultMetricsListen),
        new("encap-source", KeyType.Structure),
        new("flow-table-size", KeyType.Int, FastLbConfig.DefaultFlowTableSize)
        {
            Min = FastLbConfig.MinFlowTableSize, Max = FastLbConfig.MaxFlowTableSize,
            RangeText = $"in {FastLbConfig.MinFlowTableSize}..{FastLbConfig.MaxFlowTableSize}",
        },
        new("timeouts", KeyType.Structure),
        new("flow-recount-interval", KeyType.Duration, FastLbConfig.DefaultFlowRecountInterval) { MinDuration = FastLbConfig.MinFlowRecountInterval },
        new("instance", KeyType.InstanceName, FastLbConfig.DefaultInstance),
        new("admin", KeyType.Endpoint),
        new("services", KeyType.Structure),
    ];
}
