// Each `fastlb demo --mode` embedded config parses and serves the interfaces of the lab the demo builds.
using FastLb.Model;
using Xunit;

namespace FastLb.Host.Tests;

public sealed class DemoLabTests
{
    [Theory]
    [InlineData("dsr-l2", ForwardingMode.DsrL2, null)]
    [InlineData("routed", ForwardingMode.Routed, "fldemo-in")]
    [InlineData("transparent", ForwardingMode.Transparent, "fldemo-in")]
    public void EmbeddedConfig_OfEachMode_ServesTheDemoLabsInterfaces(string mode, ForwardingMode expected, string? inside)
    {
        var config = ConfigLoader.Parse(DemoLab.ConfigYaml(mode), DemoLab.ResourceName(mode), FastLb.Reconciler.DataPlaneLimits.Config);

        Assert.Equal(DemoCommand.LabPrefix + "-lb", config.Interface);
        Assert.Equal(DemoCommand.LabPrefix + "-lb", config.Namespace);
        Assert.Equal(inside, config.InsideInterface);
        Assert.All(config.Services, s => Assert.Equal(expected, s.Mode));
        Assert.Contains(config.Services, s => s.Vip.Equals(System.Net.IPAddress.Parse("203.0.113.10")) && s.Port == 80);
        // The NAT modes translate the service port to the reals' 8080; L2 DSR cannot.
        Assert.All(config.Services.SelectMany(s => s.Reals), r => Assert.Equal(expected == ForwardingMode.DsrL2 ? 80 : 8080, r.Port));
    }
}
