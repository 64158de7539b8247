// Health failover into the data plane, under steady real traffic in the L2 DSR lab.
using System.Diagnostics;
using System.Net;
using FastLb.Lab;
using FastLb.Model;
using FastLb.Reconciler;
using FastLb.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace FastLb.LabTests;

public sealed class HealthFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);
    private const int Fall = 2;
    private const int Rise = 2;

    [RootFact]
    public async Task RealKilled_UnderTraffic_LeavesRingInTimeGetsNoNewFlowsAndReturnsAfterRise()
    {
        Privileges.RequireRoot();
        using var lab = DsrL2Lab.Create();
        var servers = lab.StartHttpServers(80).ToList();
        try
        {
            var yaml = lab.DefaultConfigYaml(80).Replace(
                "    mode: dsr-l2\n",
                $"    mode: dsr-l2\n    check: {{type: http, path: /, interval: {Interval.TotalMilliseconds}ms, timeout: 200ms, fall: {Fall}, rise: {Rise}, jitter: 20ms, initial: up}}\n");
            using var controller = FastLbController.Start(ConfigLoader.Parse(yaml, "failover.yaml", DataPlaneLimits.Config), NullLoggerFactory.Instance);
            using var traffic = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var log = new List<(TimeSpan At, string? ServedBy)>();
            var clock = Stopwatch.StartNew();
            var load = Task.Run(() => SteadyTrafficAsync(lab, log, clock, traffic.Token));

            await Task.Delay(500);
            var killedAt = clock.Elapsed;
            await servers[1].DisposeAsync(); // real2 stops listening: checks get "refused"
            var removedAt = await WaitForAsync(() => !InRing(controller, "real2"), clock, TimeSpan.FromSeconds(5));
            var realTwoFlowsAtRemoval = NewFlows(controller, "real2");

            await Task.Delay(800);
            servers[1] = LabHttpServer.Start(lab.Reals[1].Namespace, IPAddress.IPv6Any, 80, "real2");
            var revivedAt = clock.Elapsed;
            var backAt = await WaitForAsync(() => InRing(controller, "real2"), clock, TimeSpan.FromSeconds(5));
            await Task.Delay(600);
            traffic.Cancel();
            await load;

            var detection = removedAt - killedAt;
            output.WriteLine($"down: removed from the ring {detection.TotalMilliseconds:0} ms after the kill (bound interval x fall + interval = {(Interval * (Fall + 1)).TotalMilliseconds:0} ms)");
            output.WriteLine($"up: back in the ring {(backAt - revivedAt).TotalMilliseconds:0} ms after the restart; last decision-to-map latency {controller.LastHealthLatency.TotalMilliseconds:0.###} ms");
            // Bound from the spec; 250 ms of slack covers probe scheduling on a loaded 2-core box.
            Assert.True(detection <= Interval * (Fall + 1) + TimeSpan.FromMilliseconds(250), $"took {detection.TotalMilliseconds:0} ms");
            Assert.True(backAt - revivedAt >= Interval * (Rise - 1), "came back before rise successes");
            // No new flow reached real2 while it was out: its pinned-flow count did not move.
            lock (log)
            {
                Assert.DoesNotContain(log, e => e.At > removedAt + TimeSpan.FromMilliseconds(50) && e.At < revivedAt && e.ServedBy == "real2");
                Assert.Contains(log, e => e.At > backAt + TimeSpan.FromMilliseconds(50) && e.ServedBy == "real2");
                Assert.Contains(log, e => e.At > removedAt && e.At < revivedAt && e.ServedBy is "real1" or "real3");
            }
            Assert.True(NewFlows(controller, "real2") > realTwoFlowsAtRemoval, "real2 takes new flows again after it returned");
            Assert.True(controller.HealthTransitions >= 2);
        }
        finally
        {
            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
        }
    }

    private static bool InRing(FastLbController c, string real) => c.Plan.Reals.Single(r => r.Real.Name == real).InRing;

    private static ulong NewFlows(FastLbController c, string real) => c.ReadStats().Reals.Single(r => r.Real == real).NewFlows;

    private static async Task<TimeSpan> WaitForAsync(Func<bool> condition, Stopwatch clock, TimeSpan limit)
    {
        var until = clock.Elapsed + limit;
        while (!condition())
        {
            Assert.True(clock.Elapsed < until, $"condition not met within {limit.TotalSeconds} s");
            await Task.Delay(10);
        }
        return clock.Elapsed;
    }

    /// <summary>New connections every ~20 ms (bounded by the token's 30 s), logging who served each.</summary>
    private static async Task SteadyTrafficAsync(DsrL2Lab lab, List<(TimeSpan, string?)> log, Stopwatch clock, CancellationToken ct)
    {
        for (var i = 0; i < 2000 && !ct.IsCancellationRequested; i++)
        {
            var started = clock.Elapsed;
            string? servedBy = null;
            try
            {
                servedBy = (await LabHttpClient.GetAsync(lab.Client.Namespace, lab.Vip, 80, "/", TimeSpan.FromMilliseconds(500), ct)).ServedBy;
            }
            catch (Exception e) when (e is LabException or OperationCanceledException)
            {
            }
            lock (log)
            {
                log.Add((started, servedBy));
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
