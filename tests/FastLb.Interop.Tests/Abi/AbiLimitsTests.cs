// AbiLimits against the compiled object: every map's max_entries is the limit C# believes it is.

namespace FastLb.Interop.Tests.Abi;

public sealed class AbiLimitsTests
{
    public static TheoryData<string, int> Maps() => new()
    {
        { "fastlb_services", AbiLimits.MaxServices },
        { "fastlb_service_cfg", AbiLimits.MaxServices * 2 },
        { "fastlb_service_live", AbiLimits.MaxServices },
        { "fastlb_vip_filter", AbiLimits.VipFilterWords },
        { "fastlb_vip_hint", AbiLimits.VipFilterWords * 8 },
        { "fastlb_service_key", AbiLimits.MaxServices },
        { "fastlb_reals", AbiLimits.MaxReals },
        { "fastlb_flows", AbiLimits.FlowsMax / AbiLimits.FlowWays }, // buckets
        { "fastlb_rings", AbiLimits.MaxServices * 2 },
        { "fastlb_svc_stats", AbiLimits.MaxServices },
        { "fastlb_real_active", AbiLimits.MaxReals },
        { "fastlb_encap", AbiLimits.MaxServices },
    };

    [RootTheory]
    [MemberData(nameof(Maps))]
    public void MaxEntries_LoadedObject_MatchesAbiLimits(string map, int expected)
    {
        using var obj = BpfObject.Open(NativePaths.BpfObject("fastlb"));
        obj.Load();
        Assert.Equal(expected, obj.Map(map).MaxEntries);
    }

    [Fact]
    public void Limits_FitTheAbi_ServiceIdsInAU16_DefaultsWithinTheirCeilings()
    {
        Assert.InRange(AbiLimits.MaxServicesLimit, AbiLimits.MaxServices, ushort.MaxValue + 1);
        Assert.InRange(AbiLimits.MaxRealsLimit, AbiLimits.MaxReals, int.MaxValue);
    }
}
