// The configuration limits of the data plane, built from its ABI: the one place they come from.
using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Reconciler;

public static class DataPlaneLimits
{
    /// <summary>What a configuration must fit to be loaded into the maps (abi.h through AbiLimits).</summary>
    public static ConfigLimits Config { get; } = new(AbiLimits.MaxServices, AbiLimits.MaxReals, AbiLimits.RingMax);
}
