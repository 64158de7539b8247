// The request an http check sends, byte for byte, and the settings that would break it refused.
using System.Net;
using System.Text;
using FastLb.Health.Http;

namespace FastLb.Health.Tests.Http;

public sealed class HttpRequestBytesTests
{
    private static string Build(string address, ushort port, HealthCheckConfig check) =>
        Encoding.UTF8.GetString(HttpRequestBytes.Build(new CheckTarget(IPAddress.Parse(address), port, check)));

    [Fact]
    public void Build_Defaults_GetSlashHostWithPortConnectionClose()
    {
        Assert.Equal("GET / HTTP/1.1\r\nHost: 192.0.2.2:8080\r\nConnection: close\r\n\r\n", Build("192.0.2.2", 8080, new HealthCheckConfig { Type = CheckType.Http }));
    }

    [Theory]
    [InlineData(CheckType.Http, 80, "192.0.2.2")]
    [InlineData(CheckType.Http, 443, "192.0.2.2:443")]
    [InlineData(CheckType.Https, 443, "192.0.2.2")]
    [InlineData(CheckType.Https, 80, "192.0.2.2:80")]
    public void Build_DefaultPortOfScheme_LeftOutOfHost(CheckType type, int port, string host)
    {
        Assert.Contains($"\r\nHost: {host}\r\n", Build("192.0.2.2", (ushort)port, new HealthCheckConfig { Type = type }));
    }

    [Fact]
    public void Build_V6_HostInBrackets()
    {
        Assert.Contains("\r\nHost: [2001:db8:4::2]:8080\r\n", Build("2001:db8:4::2", 8080, new HealthCheckConfig { Type = CheckType.Http }));
    }

    [Fact]
    public void Build_MethodPathHostAndHeaders_AsConfiguredAndConnectionHeaderNotRepeated()
    {
        var check = new HealthCheckConfig
        {
            Type = CheckType.Http,
            Method = "HEAD",
            Path = "healthz?full=1",
            Host = "app.example",
            Headers = new Dictionary<string, string> { ["X-Check"] = "fastlb", ["Connection"] = "keep-alive" },
        };
        Assert.Equal("HEAD /healthz?full=1 HTTP/1.1\r\nHost: app.example\r\nX-Check: fastlb\r\nConnection: close\r\n\r\n", Build("192.0.2.2", 80, check));
    }

    [Fact]
    public void Build_HostHeader_ReplacesTheDefaultHost()
    {
        var check = new HealthCheckConfig { Type = CheckType.Http, Headers = new Dictionary<string, string> { ["host"] = "from.header" } };
        Assert.Equal("GET / HTTP/1.1\r\nHost: from.header\r\nConnection: close\r\n\r\n", Build("192.0.2.2", 80, check));
    }

    [Theory]
    [InlineData("GET", "/a\r\nX: y", "path")]
    [InlineData("G T", "/", "method")]
    public void Build_ControlCharacterOrBadToken_Refused(string method, string path, string what)
    {
        var e = Assert.Throws<ArgumentException>(() => Build("192.0.2.2", 80, new HealthCheckConfig { Type = CheckType.Http, Method = method, Path = path }));
        Assert.Contains(what, e.Message);
    }
}
