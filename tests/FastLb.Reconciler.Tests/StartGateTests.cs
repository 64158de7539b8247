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

    private static TargetHealth T(string service, string real, int octet, HealthState state, string reason) =>
        new(new CheckTarget(IPAddress.Parse($"192.0.2.{octet}"), 80, new HealthCheckConfig()), state, reason, DateTimeOffset.UnixEpoch, [new ServiceReal(service, real)]);

    [Fact]
    public void AllUp_CanServe() =>
        Assert.True(StartGate.CanServe(Config, [T("web", "r1", 11, HealthState.Up, "ok"), T("web", "r2", 12, HealthState.Up, ""), T("api", "a1", 21, HealthState.Up, "")]));

    [Fact]
    public void OneNotProbedYet_CannotServe() =>
        Assert.False(StartGate.CanServe(Config, [T("web", "r1", 11, HealthState.Up, "ok"), T("web", "r2", 12, HealthState.Down, ""), T("api", "a1", 21, HealthState.Up, "ok")]));

    [Fact]
    public void AllProbed_EveryServiceHasOneUp_CanServe() =>
        Assert.True(StartGate.CanServe(Config, [T("web", "r1", 11, HealthState.Up, "ok"), T("web", "r2", 12, HealthState.Down, "refused"), T("api", "a1", 21, HealthState.Up, "ok")]));

    [Fact]
    public void AllProbed_OneServiceWithNoneUp_CannotServe() =>
        Assert.False(StartGate.CanServe(Config, [T("web", "r1", 11, HealthState.Up, "ok"), T("web", "r2", 12, HealthState.Down, "refused"), T("api", "a1", 21, HealthState.Down, "timeout")]));

    [Fact]
    public void Bound_IsTheSlowestRiseOfTheChecksPlusASecond()
    {
        Assert.Equal(TimeSpan.FromSeconds((2 * 3) + 1 + 1), StartGate.Bound(Config));
        Assert.Equal(TimeSpan.Zero, StartGate.Bound(Configs.Build(new Configs.S("web", 10, 101, [new("r1", 11)]))));
    }
}
