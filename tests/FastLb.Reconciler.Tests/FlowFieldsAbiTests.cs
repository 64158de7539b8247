// The map writer casts the config's FlowFields to the ABI's HashFields (checked against BTF); the two enums must agree bit for bit.
namespace FastLb.Reconciler.Tests;

public sealed class FlowFieldsAbiTests
{
    public static TheoryData<FlowFields, HashFields> Pairs => new()
    {
        { FlowFields.None, HashFields.None },
        { FlowFields.SrcIp, HashFields.SrcIp },
        { FlowFields.DstIp, HashFields.DstIp },
        { FlowFields.SrcPort, HashFields.SrcPort },
        { FlowFields.DstPort, HashFields.DstPort },
        { FlowFields.Protocol, HashFields.Proto },
        { FlowFields.All, HashFields.All },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Cast_EachField_IsTheAbiField(FlowFields config, HashFields abi)
    {
        Assert.Equal(abi, (HashFields)config);
    }

    [Fact]
    public void Pairs_CoverEveryValueOfBothEnums()
    {
        Assert.Equal(Enum.GetValues<FlowFields>().Order(), Pairs.Select(p => (FlowFields)p[0]).Order());
        Assert.Equal(Enum.GetValues<HashFields>().Order(), Pairs.Select(p => (HashFields)p[1]).Order());
    }
}
