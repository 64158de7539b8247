// `flow-recount-interval:`: how often the controller recounts the flow tables; each refusal beside its acceptance.
namespace FastLb.Model.Tests;

public sealed class FlowRecountConfigTests
{
    [Fact]
    public void Parse_NoRecountInterval_TenSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Parse("").FlowRecountInterval);
    }

    [Fact]
    public void Parse_RecountInterval_Read()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Parse("flow-recount-interval: 30s\n").FlowRecountInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), Parse("flow-recount-interval: 1s\n").FlowRecountInterval);
    }

    [Theory]
    [InlineData("500ms", "t.yaml:2:24: 'flow-recount-interval' must be at least 1s, got 500ms")]
    [InlineData("0s", "t.yaml:2:24: ")]
    [InlineData("often", "t.yaml:2:24: ")]
    public void Parse_BadRecountInterval_RefusedAtItsValue(string value, string errorStart)
    {
        var e = Assert.Throws<ConfigException>(() => Parse($"flow-recount-interval: {value}\n"));
        var error = Assert.Single(e.Errors).ToString();
        Assert.StartsWith(errorStart, error, StringComparison.Ordinal);
        Assert.Contains("flow-recount-interval", error, StringComparison.Ordinal);
    }

    private static FastLbConfig Parse(string keys) =>
        ConfigLoader.Parse("interface: veth0\n" + keys + "services: []\n", "t.yaml", TestLimits.Default);
}
