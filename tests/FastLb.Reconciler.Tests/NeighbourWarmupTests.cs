// Which reals FastLb's kernel is asked to resolve at start and reload.

namespace FastLb.Reconciler.Tests;

public sealed class NeighbourWarmupTests
{
    [Fact]
    public void Targets_RoutedAllTransparentWithoutMacOnly_DsrNone_EachOnce()
    {
        var config = new FastLbConfig("eth0", null, FastLbConfig.DefaultMetricsListen,
        [
            Service("routed", ForwardingMode.Routed, Real("192.0.2.11", "02:00:00:00:00:11"), Real("192.0.2.12", null)),
            Service("transparent", ForwardingMode.Transparent, Real("192.0.2.11", null), Real("192.0.2.13", "02:00:00:00:00:13"), Real("2001:db8:2::14", null)),
            Service("dsr", ForwardingMode.DsrL2, Real("192.0.2.15", "02:00:00:00:00:15")),
        ]);

        var targets = NeighbourWarmup.Targets(config);

        Assert.Equal(["192.0.2.11", "192.0.2.12", "2001:db8:2::14"], targets.Select(a => a.ToString()));
    }

    [Fact]
    public void Targets_OnlyDsr_IsEmpty_AndRunSendsNothing()
    {
        var config = new FastLbConfig("eth0", null, FastLbConfig.DefaultMetricsListen,
            [Service("dsr", ForwardingMode.DsrL2, Real("192.0.2.15", "02:00:00:00:00:15"))]);

        Assert.Empty(NeighbourWarmup.Targets(config));
        Assert.Equal(0, NeighbourWarmup.Run(config, null));
    }

    private static RealConfig Real(string address, string? mac) =>
        new(address, IPAddress.Parse(address), 8080, mac is null ? null : PhysicalAddress.Parse(mac), 1, null);

    private static ServiceConfig Service(string name, ForwardingMode mode, params RealConfig[] reals) =>
        new(name, IPAddress.Parse("203.0.113.10"), 80, L4Protocol.Tcp, mode, SchedulingAlgorithm.Maglev, 101, AllDownPolicy.Drop, null, null, reals);
}
