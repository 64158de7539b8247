// The keys of the configuration's top level.
namespace FastLb.Model.Reading;

internal static class RootKeys
{
    /// <summary>The rows; the map sizes' defaults and ranges come from what the data plane can hold.</summary>
    public static KeyRow[] For(ConfigLimits limits) =>
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
        new("max-services", KeyType.Int, limits.DefaultServices)
        {
            Min = 1, Max = limits.MaxServices, RangeText = $"in 1..{limits.MaxServices}",
        },
        new("max-reals", KeyType.Int, limits.DefaultReals)
        {
            Min = 1, Max = limits.MaxReals, RangeText = $"in 1..{limits.MaxReals}",
        },
        new("timeouts", KeyType.Structure),
        new("flow-recount-interval", KeyType.Duration, FastLbConfig.DefaultFlowRecountInterval) { MinDuration = FastLbConfig.MinFlowRecountInterval },
        new("instance", KeyType.InstanceName, FastLbConfig.DefaultInstance),
        new("admin", KeyType.Endpoint),
        new("services", KeyType.Structure),
    ];
}
