// `fastlb demo` options: defaults, each option read, bad values refused before any lab is built.
using FastLb.Model;
using Xunit;
using static FastLb.Host.Tests.CliRun;

namespace FastLb.Host.Tests;

public sealed class DemoCommandLineTests
{
    private static DemoOptions Bind(params string[] args)
    {
        var result = Cli.Build().Parse(["demo", .. args]);
        Assert.Empty(result.Errors);
        return DemoCommand.Bind(result);
    }

    [Fact]
    public void Bind_NoOptions_Defaults() =>
        Assert.Equal(new DemoOptions(300, false, ForwardingMode.DsrL2), Bind());

    [Fact]
    public void Bind_EveryOption_Read() =>
        Assert.Equal(new DemoOptions(12, true, ForwardingMode.Transparent), Bind("--requests", "12", "--once", "--mode", "transparent"));

    [Theory]
    [InlineData("dsr-l2", ForwardingMode.DsrL2)]
    [InlineData("routed", ForwardingMode.Routed)]
    [InlineData("transparent", ForwardingMode.Transparent)]
    public void Bind_Mode_ByConfigName(string name, ForwardingMode mode) =>
        Assert.Equal(mode, Bind("--mode", name).Mode);

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    [InlineData("+5")]
    public async Task Demo_BadRequests_Exits2NamingValue(string value)
    {
        await AssertRefusedAsync([$"fastlb demo: --requests needs a positive number, not '{value}'", "see 'fastlb demo --help'"], "demo", "--requests", value);
    }

    [Theory]
    [InlineData("DsrL2")]
    [InlineData("dsr")]
    [InlineData("")]
    public async Task Demo_UnknownMode_Exits2ListingModes(string value)
    {
        var (exit, _, stderr) = await RunAsync("demo", "--mode", value);
        Assert.Equal(2, exit);
        Assert.Equal($"fastlb demo: --mode must be one of dsr-l2, routed, transparent, dsr-ipip, dsr-gue, not '{value}'", Lines(stderr)[0]);
    }
}
