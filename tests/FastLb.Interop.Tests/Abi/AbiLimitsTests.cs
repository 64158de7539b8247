// AbiLimits against the compiled object: every map's max_entries is the limit C# believes it is.

namespace FastLb.Interop.Tests.Abi;

public sealed class AbiLimitsTests
{
    public static TheoryData<string, int> Maps() => new()
    {
        { "fastlb_services", AbiLimits.MaxServices },
        { "fastlb_reals", AbiLimits.MaxReals },
        { "fastlb_flows", AbiLimits.FlowsMax },
        { "fastlb_rings", AbiLimits.MaxServices * 2 * AbiLimits.RingMax },
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
    public void RingIndex_LastSlotOfLastService_IsTheLastRingEntry()
    {
        uint last = AbiLimits.RingIndex(AbiLimits.MaxServices - 1, 1, AbiLimits.RingMax - 1);
        Assert.Equal((uint)(AbiLimits.MaxServices * 2 * AbiLimits.RingMax) - 1, last);
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiLimits.RingIndex(AbiLimits.MaxServices, 0, 0));
    }
}
