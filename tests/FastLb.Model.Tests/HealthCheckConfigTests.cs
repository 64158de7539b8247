// Value equality of health checks, which the health subsystem uses to share probes.

namespace FastLb.Model.Tests;

public sealed class HealthCheckConfigTests
{
    private static HealthCheckConfig Http() => new()
    {
        Type = CheckType.Http,
        Address = IPAddress.Parse("192.0.2.11"),
        Port = 80,
        Headers = new Dictionary<string, string> { ["X-Probe"] = "fastlb", ["Accept"] = "*/*" },
        ExpectStatus = [200, 204],
        Send = [1, 2, 3],
    };

    [Fact]
    public void Equals_SeparatelyBuiltEqualValues_EqualWithSameHash()
    {
        var a = Http();
        var b = Http() with
        {
            Headers = new Dictionary<string, string> { ["Accept"] = "*/*", ["X-Probe"] = "fastlb" },
            ExpectStatus = new List<int> { 200, 204 },
            Send = [1, 2, 3],
        };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Single(new HashSet<HealthCheckConfig> { a, b });
    }

    [Fact]
    public void Equals_DefaultInstances_Equal()
    {
        Assert.Equal(new HealthCheckConfig(), new HealthCheckConfig());
    }

    [Fact]
    public void Equals_HeaderValueDiffers_NotEqual()
    {
        Assert.NotEqual(Http(), Http() with { Headers = new Dictionary<string, string> { ["X-Probe"] = "other", ["Accept"] = "*/*" } });
    }

    [Fact]
    public void Equals_StatusOrderDiffers_NotEqual()
    {
        Assert.NotEqual(Http(), Http() with { ExpectStatus = [204, 200] });
    }

    [Fact]
    public void Equals_PayloadDiffers_NotEqual()
    {
        Assert.NotEqual(Http(), Http() with { Send = [1, 2, 4] });
        Assert.NotEqual(Http(), Http() with { Send = null });
        Assert.NotEqual(Http(), Http() with { Expect = [] });
    }

    [Fact]
    public void Equals_AddressOrPortDiffers_NotEqual()
    {
        Assert.NotEqual(Http(), Http() with { Address = IPAddress.Parse("192.0.2.12") });
        Assert.NotEqual(Http(), Http() with { Port = 81 });
    }

    [Fact]
    public void Equals_TimerDiffers_NotEqual()
    {
        Assert.NotEqual(Http(), Http() with { Interval = TimeSpan.FromSeconds(3) });
        Assert.NotEqual(Http(), Http() with { Rise = 5 });
    }
}
