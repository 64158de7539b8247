// When a fresh start may attach: every checked real up, or all probed once with a real up in every service; and its bound.
using System.Net;
using FastLb.Health;
using FastLb.Model;
using Xunit;

namespace FastLb.Reconciler.Tests;

public sealed class StartGateTests
{
    private static readonly FastLbConfig Config = ConfigLoader.Parse("""
        interface: eth0
        services:
          - name: web
            vip: 203.0.113.10
            port: 80
            check: {type: tcp, interval: 2s, timeout: 1s, rise: 3}
            reals:
              - {name: r1, address: 192.0.2.11, mac: "02:00:00:00:00:11"}
              - {name: r2, address: 192.0.2.12, mac: "02:00:00:00:00:12"}
          - name: api
            vip: 203.0.113.11
            port: 80
            check: {type: tcp, interval: 500ms, timeout: 200ms}
            reals:
              - {name: a1, address: 192.0.2.21, mac: "02:00:00:00:00:21"}
        """, "gate.yaml", DataPlaneLimits.Config);

    private static TargetHealth T(string service, string real, int octet, string health)
    {
        var words = health.Split(' ', 2);
        return new(new CheckTarget(IPAddress.Parse($"192.0.2.{octet}"), 80, new HealthCheckConfig()), Enum.Parse<HealthState>(words[0]),
            words.Length > 1 ? words[1] : "", DateTimeOffset.UnixEpoch, [new ServiceReal(service, real)]);
    }

    // Each real's health as "State" or "State reason"; a Down without a reason was never probed.
    [Theory]
    [InlineData("Up ok", "Up", "Up", true)] // every checked real up
    [InlineData("Up ok", "Down", "Up ok", false)] // r2 not probed yet
    [InlineData("Up ok", "Down refused", "Up ok", true)] // all probed, every service has one up
    [InlineData("Up ok", "Down refused", "Down timeout", false)] // all probed, api has none up
    public void CanServe_AllUpOrAllProbedWithOneUpPerService(string r1, string r2, string a1, bool expected) =>
        Assert.Equal(expected, StartGate.CanServe(Config, [T("web", "r1", 11, r1), T("web", "r2", 12, r2), T("api", "a1", 21, a1)]));

    [Fact]
    public void Bound_IsTheSlowestRiseOfTheChecksPlusASecond()
    {
        Assert.Equal(TimeSpan.FromSeconds((2 * 3) + 1 + 1), StartGate.Bound(Config));
        Assert.Equal(TimeSpan.Zero, StartGate.Bound(Configs.Build(new Configs.S("web", 10, 101, [new("r1", 11)]))));
    }
}
