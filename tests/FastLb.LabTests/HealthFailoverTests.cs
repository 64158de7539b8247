// Health failover into the data plane, under steady real traffic in the L2 DSR lab.
using System.Diagnostics;
using Xunit.Abstractions;

namespace FastLb.LabTests;

/// <summary>
/// Asserts the order of events and counts (who served what, when relative to the ring changes);
/// time appears only as generous upper bounds, so a busy machine slows the test but cannot fail it.
/// </summary>
public sealed class HealthFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const int Fall = 2;
    private const int Rise = 2;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [RootFact]
    public async Task RealKilled_UnderTraffic_LeavesRingGetsNoNewFlowsAndReturnsAfterRise()
    {
        Privileges.RequireRoot();
        using var lab = DsrL2Lab.Create();
        var servers = lab.StartHttpServers(80).ToList();
        try
        {
            var yaml = lab.DefaultConfigYaml(80).Replace(
                "    mode: dsr-l2\n",
                $"    mode: dsr-l2\n    check: {{type: http, path: /, interval: {Interval.TotalMilliseconds}ms, timeout: 900ms, fall: {Fall}, rise: {Rise}, jitter: 20ms, initial: up}}\n");
            using var controller = FastLbController.Start(ConfigLoader.Parse(yaml, "failover.yaml", DataPlaneLimits.Config), NullLoggerFactory.Instance);
            using var traffic = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var log = new TrafficLog();
            var clock = Stopwatch.StartNew();
            var load = Task.Run(() => SteadyTrafficAsync(lab, log, clock, traffic.Token));

            // Traffic reaches every real before anything fails.
            await WaitForAsync(() => lab.RealNames.All(r => log.Count(e => e.ServedBy == r) >= 2), "every real served 2 requests");
            var killedAt = clock.Elapsed;
            await servers[1].DisposeAsync(); // real2 stops listening: checks get "refused"
            var deadAt = clock.Elapsed; // from here no connection can reach the old real2 server
            var removedAt = await WaitForAsync(() => !InRing(controller, "real2"), "real2 left the ring", clock);
            var realTwoFlowsAtRemoval = NewFlows(controller, "real2");
            Assert.True(InRing(controller, "real1") && InRing(controller, "real3"), "only real2 left the ring");

            // While real2 is out, every new connection succeeds on real1 or real3.
            await WaitForAsync(() => log.Count(e => e.Started > removedAt) >= 20, "20 requests after the removal");
            servers[1] = LabHttpServer.Start(lab.Reals[1].Namespace, IPAddress.IPv6Any, 80, "real2");
            var revivedAt = clock.Elapsed;
            var lastSeenOut = revivedAt;
            var backAt = await WaitForAsync(() => InRing(controller, "real2"), "real2 back in the ring", clock, notYet => lastSeenOut = notYet);
            var checksBeforeBack = HealthChecks(lab, servers[1]);
            await WaitForAsync(() => log.Count(e => e.Started > backAt && e.ServedBy == "real2") >= 3, "real2 served 3 requests after its return");
            await traffic.CancelAsync();
            await load;

            output.WriteLine($"down: removed from the ring {(removedAt - killedAt).TotalMilliseconds:0} ms after the kill (interval x fall + interval = {(Interval * (Fall + 1)).TotalMilliseconds:0} ms)");
            output.WriteLine($"up: back in the ring {(backAt - revivedAt).TotalMilliseconds:0} ms after the restart; last decision-to-map latency {controller.LastHealthLatency.TotalMilliseconds:0.###} ms");

            var entries = log.Snapshot();
            // Before the kill all three served; between removal and revival nothing failed and real2 served nothing.
            Assert.All(lab.RealNames, r => Assert.Contains(entries, e => e.Started < killedAt && e.ServedBy == r));
            var whileOut = entries.Where(e => e.Started > removedAt && e.Started < revivedAt).ToList();
            Assert.True(whileOut.Count >= 20, $"{whileOut.Count} requests while real2 was out");
            Assert.All(whileOut, e => Assert.True(e.ServedBy is "real1" or "real3", $"request at {e.Started.TotalMilliseconds:0} ms served by '{e.ServedBy}'"));
            // Nothing reached the new real2 server from a client before it was back: only the LB's checks,
            // at least rise of them. The ring is polled, so real2 may have returned up to one poll before
            // backAt: only requests over before the last poll that still saw it out are certain to predate it.
            Assert.DoesNotContain(entries, e => e.Started > deadAt && e.Finished < lastSeenOut && e.ServedBy == "real2");
            output.WriteLine($"requests served by real2 between the last poll seeing it out and backAt (allowed): {entries.Count(e => e.Started < backAt && e.Finished >= lastSeenOut && e.ServedBy == "real2")}");
            Assert.True(checksBeforeBack >= Rise, $"real2 returned after {checksBeforeBack} successful checks (rise {Rise})");
            Assert.True(NewFlows(controller, "real2") > realTwoFlowsAtRemoval, "real2 takes new flows again after it returned");
            Assert.Equal(2, controller.HealthTransitions); // real2 down, real2 up
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

    /// <summary>Requests the server answered from the LB's own address: its health checks (clients keep their address in DSR).</summary>
    private static int HealthChecks(DsrL2Lab lab, LabHttpServer server) =>
        server.Clients.Count(c => (c.Address.IsIPv4MappedToIPv6 ? c.Address.MapToIPv4() : c.Address).Equals(lab.LbAddress));

    /// <summary>Polls until <paramref name="condition"/> holds; <paramref name="notYet"/> gets the clock read just before each poll that found it false.</summary>
    private static async Task<TimeSpan> WaitForAsync(Func<bool> condition, string what, Stopwatch? clock = null, Action<TimeSpan>? notYet = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var before = clock?.Elapsed ?? TimeSpan.Zero;
            if (condition())
            {
                break;
            }
            notYet?.Invoke(before);
            Assert.True(deadline.Elapsed < Bound, $"not within {Bound.TotalSeconds} s: {what}");
            await Task.Delay(10);
        }
        return clock?.Elapsed ?? TimeSpan.Zero;
    }

    /// <summary>New connections one after another (bounded by count and the token), logging who served each.</summary>
    private static async Task SteadyTrafficAsync(DsrL2Lab lab, TrafficLog log, Stopwatch clock, CancellationToken ct)
    {
        for (var i = 0; i < 5000 && !ct.IsCancellationRequested; i++)
        {
            var started = clock.Elapsed;
            string? servedBy = null;
            try
            {
                servedBy = (await LabHttpClient.GetAsync(lab.Client.Namespace, lab.Vip, 80, "/", TimeSpan.FromSeconds(2), ct)).ServedBy;
            }
            catch (Exception e) when (e is LabException or OperationCanceledException)
            {
            }
            if (!ct.IsCancellationRequested)
            {
                log.Add(started, clock.Elapsed, servedBy);
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
