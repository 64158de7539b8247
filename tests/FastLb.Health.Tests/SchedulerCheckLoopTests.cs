// The scheduler on the real clock hands tcp and http checks to the check loop; what the loop cannot run still gets a verdict.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FastLb.Health.Tests;

public sealed class SchedulerCheckLoopTests
{
    [Fact]
    public async Task Update_RequestThatCannotBeBuilt_FailsAsErrorAndTheSchedulerGoesOn()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = (ushort)((IPEndPoint)listener.LocalEndpoint).Port;
        var fast = new HealthCheckConfig { Interval = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromMilliseconds(90), Jitter = TimeSpan.Zero };
        var broken = new CheckTarget(IPAddress.Loopback, port, fast with { Type = CheckType.Http, Method = "BAD METHOD" });
        var tcp = new CheckTarget(IPAddress.Loopback, port, fast with { Type = CheckType.Tcp, Rise = 1 });
        await using var scheduler = new HealthScheduler();
        scheduler.Update([new("web", "r1", broken), new("web", "r2", tcp)]);
        scheduler.Start();

        var deadline = Stopwatch.StartNew();
        while (Reason(scheduler, broken) != ProbeReasons.Error || scheduler.Current(tcp) != HealthState.Up)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"http: '{Reason(scheduler, broken)}', tcp: {scheduler.Current(tcp)}");
            await Task.Delay(20);
        }
    }

    private static string? Reason(HealthScheduler scheduler, CheckTarget target) =>
        scheduler.Snapshot().SingleOrDefault(t => t.Target.Equals(target))?.LastReason;
}
