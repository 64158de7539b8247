// The config's names of enum members: kebab case of the member, in value order, single flags only.
namespace FastLb.Model.Tests;

public sealed class ConfigNamesTests
{
    [Fact]
    public void All_ForwardingMode_EveryModeByItsConfigName()
    {
        Assert.Equal(
            [("dsr-l2", ForwardingMode.DsrL2), ("routed", ForwardingMode.Routed), ("transparent", ForwardingMode.Transparent),
             ("dsr-ipip", ForwardingMode.DsrIpip), ("dsr-gue", ForwardingMode.DsrGue)],
            ConfigNames<ForwardingMode>.All);
    }

    [Fact]
    public void Of_MultiWordMembers_KebabCase()
    {
        Assert.Equal("weighted-least-connections", ConfigNames<SchedulingAlgorithm>.Of(SchedulingAlgorithm.WeightedLeastConnections));
        Assert.Equal("tcp-half-open", ConfigNames<CheckType>.Of(CheckType.TcpHalfOpen));
        Assert.Equal("http-content", ConfigNames<CheckType>.Of(CheckType.HttpContent));
    }

    [Fact]
    public void All_FlagsEnum_SingleFlagsOnly()
    {
        Assert.Equal(["src-ip", "dst-ip", "src-port", "dst-port", "protocol"], ConfigNames<FlowFields>.All.Select(f => f.Name));
    }

    [Fact]
    public void TryParse_KnownName_ItsValue_UnknownOrMemberSpelling_Refused()
    {
        Assert.True(ConfigNames<SchedulingAlgorithm>.TryParse("round-robin", out var rr));
        Assert.Equal(SchedulingAlgorithm.RoundRobin, rr);
        Assert.False(ConfigNames<SchedulingAlgorithm>.TryParse("RoundRobin", out _));
        Assert.False(ConfigNames<SchedulingAlgorithm>.TryParse("round_robin", out _));
        Assert.False(ConfigNames<FlowFields>.TryParse("all", out _));
    }
}
