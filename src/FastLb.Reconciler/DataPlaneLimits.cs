// The configuration limits of the data plane, built from its ABI: the one place they come from.
using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Reconciler;

public static class DataPlaneLimits
{
    /// <summary>What a configuration may ask the maps to hold, and what they hold when it asks nothing (abi.h through AbiLimits).</summary>
    public static ConfigLimits Config { get; } = new(AbiLimits.MaxServicesLimit, AbiLimits.MaxRealsLimit, AbiLimits.RingMax)
    {
        DefaultServices = AbiLimits.MaxServices,
        DefaultReals = AbiLimits.MaxReals,
    };
}
