// The top-level `instance:` key: its default, accepted names, and refused ones with their location.
using FastLb.Model;
using Xunit;

namespace FastLb.Model.Tests;

public sealed class InstanceKeyTests
{
    private const string Body = """
        services:
          - name: web
            vip: 203.0.113.10
            port: 80
            reals:
              - {address: 192.0.2.11, mac: 02:00:00:00:00:11}
        """;

    [Fact]
    public void Absent_IsDefault()
    {
        var config = ConfigLoader.Parse("interface: veth0\n" + Body, "t.yaml", TestLimits.Default);
        Assert.Equal("default", config.Instance);
    }

    [Theory]
    [InlineData("edge-1")]
    [InlineData("lb_a.2")]
    public void Given_IsKept(string name)
    {
        var config = ConfigLoader.Parse($"interface: veth0\ninstance: {name}\n" + Body, "t.yaml", TestLimits.Default);
        Assert.Equal(name, config.Instance);
    }

    [Fact]
    public void Instance_CountsInEquality()
    {
        var a = ConfigLoader.Parse("interface: veth0\ninstance: a\n" + Body, "t.yaml", TestLimits.Default);
        var b = ConfigLoader.Parse("interface: veth0\ninstance: b\n" + Body, "t.yaml", TestLimits.Default);
        var a2 = ConfigLoader.Parse("interface: veth0\ninstance: a\n" + Body, "t.yaml", TestLimits.Default);
        Assert.NotEqual(a, b);
        Assert.Equal(a, a2);
    }

    [Theory]
    [InlineData("'../x'", "t.yaml:2:11: invalid instance name '../x' (letters, digits, '-', '_' and '.' only)")]
    [InlineData("'a b'", "t.yaml:2:11: invalid instance name 'a b' (letters, digits, '-', '_' and '.' only)")]
    [InlineData("'..'", "t.yaml:2:11: invalid instance name '..' (letters, digits, '-', '_' and '.' only)")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "t.yaml:2:11: instance name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' must be 1 to 64 characters")]
    public void Bad_IsRefusedWithLocation(string yaml, string error)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse($"interface: veth0\ninstance: {yaml}\n" + Body, "t.yaml", TestLimits.Default));
        Assert.Equal([error], e.Errors.Select(x => x.ToString()));
    }

    [Theory]
    [InlineData("127.0.0.1:9200")]
    [InlineData("'[::1]:9200'")]
    public void Admin_Loopback_Kept(string address)
    {
        var config = ConfigLoader.Parse($"interface: veth0\nadmin: {address}\n" + Body, "t.yaml", TestLimits.Default);
        Assert.Equal(address.Trim('\''), config.AdminListen);
        Assert.Null(ConfigLoader.Parse("interface: veth0\n" + Body, "t.yaml", TestLimits.Default).AdminListen);
    }

    [Fact]
    public void Admin_NotLoopback_RefusedWithLocation()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("interface: veth0\nadmin: 192.0.2.1:9200\n" + Body, "t.yaml", TestLimits.Default));
        Assert.Equal(["t.yaml:2:8: 'admin' address '192.0.2.1:9200' is not a loopback address: the admin API is for this host only (use 127.0.0.1:PORT or [::1]:PORT, or leave it out for the unix socket)"],
            e.Errors.Select(x => x.ToString()));
    }
}
