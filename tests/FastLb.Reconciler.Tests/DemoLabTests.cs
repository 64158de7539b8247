// `fastlb demo --mode`: the option, and each mode's embedded config serving the lab the demo builds.
using FastLb.Host;
using FastLb.Model;
using Xunit;

namespace FastLb.Reconciler.Tests;

public sealed class DemoLabTests
{
    [Theory]
    [InlineData("dsr-l2")]
    [InlineData("routed")]
    [InlineData("transparent")]
    public void ModeOption_KnownMode_IsTaken(string mode)
    {
        var options = CliOptions.Parse(["--mode", mode, "--once"]);

        Assert.Null(options.Error);
        Assert.Equal(mode, options.Mode);
        Assert.True(options.Once);
    }

    [Fact]
    public void ModeOption_Absent_IsDsrL2_AndUnknown_IsAnErrorNamingTheChoices()
    {
        Assert.Equal("dsr-l2", CliOptions.Parse([]).Mode);
        Assert.Equal("--mode must be one of dsr-l2, routed, transparent, not 'nat'", CliOptions.Parse(["--mode", "nat"]).Error);
        Assert.Equal("unknown or incomplete option '--mode'", CliOptions.Parse(["--mode"]).Error);
    }

    [Theory]
    [InlineData("dsr-l2", ForwardingMode.DsrL2, null)]
    [InlineData("routed", ForwardingMode.Routed, "fldemo-in")]
    [InlineData("transparent", ForwardingMode.Transparent, "fldemo-in")]
    public void EmbeddedConfig_OfEachMode_ServesTheDemoLabsInterfaces(string mode, ForwardingMode expected, string? inside)
    {
        var config = ConfigLoader.Parse(DemoLab.ConfigYaml(mode), DemoLab.ResourceName(mode));

        Assert.Equal(DemoCommand.LabPrefix + "-lb", config.Interface);
        Assert.Equal(DemoCommand.LabPrefix + "-lb", config.Namespace);
        Assert.Equal(inside, config.InsideInterface);
        Assert.All(config.Services, s => Assert.Equal(expected, s.Mode));
        Assert.Contains(config.Services, s => s.Vip.Equals(System.Net.IPAddress.Parse("203.0.113.10")) && s.Port == 80);
        // The NAT modes translate the service port to the reals' 8080; L2 DSR cannot.
        Assert.All(config.Services.SelectMany(s => s.Reals), r => Assert.Equal(expected == ForwardingMode.DsrL2 ? 80 : 8080, r.Port));
    }
}
