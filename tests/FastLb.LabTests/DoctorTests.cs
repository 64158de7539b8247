// `fastlb doctor` on a live lab: all clear first, then each condition broken on purpose and named, with its fix.
using System.Globalization;
using FastLb.Host;
using static FastLb.LabTests.AdminTestTools;

namespace FastLb.LabTests;

public sealed class DoctorTests
{
    [RootFact]
    public async Task Doctor_EachConditionBroken_NamesItWithTheFix()
    {
        await using var live = await LiveInstance.StartAsync("doc", check: "{type: http, path: /, interval: 300ms, timeout: 250ms, rise: 1, fall: 1}");
        var (lab, instance, servers) = (live.Lab, live.Instance, live.Servers);
        var realArgs = lab.RealNames.Select((n, i) => $"--real-namespace={n}={lab.Reals[i].Name}").ToArray();

        var run = await LabHttpClient.RunRequestsAsync(10, lab.Client.Namespace, lab.Vip, 80, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(10, run.Succeeded);

        // All clear: no failure, each area checked.
        var (exit, text) = await DoctorAsync();
        Assert.True(exit == 0, text);
        foreach (var ok in new[] { "ok    program attached: program ", "ok    interface up:", "ok    MTU:", "ok    VIP routed here:", "ok    neighbour of web/real2: 192.0.2.12 is at 02:00:00:00:00:12",
            "ok    DSR real web/real2 ARP: ARP suppressed", "ok    DSR real web/real3 VIP: holds 203.0.113.10 on lo", "ok    health of web/real1: up, last check: ok", "ok    drops: no drop counter rose" })
        {
            Assert.Contains(ok, text, StringComparison.Ordinal);
        }

        // A real answering ARP for the VIP, another without the VIP on lo.
        var r2dev = lab.RealInterfaces[1];
        lab.Reals[1].Sysctl("net.ipv4.conf.all.arp_ignore", "0");
        lab.Reals[1].Sysctl($"net.ipv4.conf.{r2dev}.arp_ignore", "0");
        lab.Reals[2].Ip("addr", "del", lab.Vip + "/32", "dev", "lo");
        (exit, text) = await DoctorAsync();
        Assert.Equal(1, exit);
        Assert.Contains("FAIL  DSR real web/real2 ARP: answers ARP for 203.0.113.10 (arp_ignore=0, arp_announce=2)", text, StringComparison.Ordinal);
        Assert.Contains("fix: on the real: sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2", text, StringComparison.Ordinal);
        Assert.Contains("FAIL  DSR real web/real3 VIP: does not hold 203.0.113.10 on lo", text, StringComparison.Ordinal);
        Assert.Contains("ok    DSR real web/real1 ARP", text, StringComparison.Ordinal);

        // A real whose server is gone: down, with its last check's reason.
        await servers[0].DisposeAsync();
        servers.RemoveAt(0);
        await WaitAsync(async () => (await DoctorAsync(0)).Text.Contains("FAIL  health of web/real1: down, last check: refused", StringComparison.Ordinal), "real1 down");

        // The wrong MAC for a real in the neighbour table.
        lab.Lb.Ip("neigh", "replace", lab.RealAddresses[1].ToString(), "lladdr", "02:00:00:00:00:99", "dev", lab.LbInterface, "nud", "permanent");
        (_, text) = await DoctorAsync(0);
        Assert.Contains("FAIL  neighbour of web/real2: 192.0.2.12 is at 02:00:00:00:00:99, but the config says mac 02:00:00:00:00:12", text, StringComparison.Ordinal);

        // A small MTU, then the interface down.
        lab.Lb.Ip("link", "set", lab.LbInterface, "mtu", "1400");
        (_, text) = await DoctorAsync(0);
        Assert.Contains($"warn  MTU: {lab.LbInterface} has MTU 1400", text, StringComparison.Ordinal);
        lab.Lb.Ip("link", "set", lab.LbInterface, "down");
        (_, text) = await DoctorAsync(0);
        Assert.Contains($"FAIL  interface up: {lab.LbInterface} is administratively down", text, StringComparison.Ordinal);
        Assert.Contains($"fix: ip link set {lab.LbInterface} up", text, StringComparison.Ordinal);
        lab.Lb.Ip("link", "set", lab.LbInterface, "up");

        // Every real down: new flows are dropped, and the counter rising is named.
        foreach (var s in servers)
        {
            await s.DisposeAsync();
        }
        servers.Clear();
        await WaitAsync(async () => (await DoctorAsync(0)).Text.Contains("FAIL  health of web/real3: down", StringComparison.Ordinal), "every real down");
        // New connections all through the doctor's sample, so some land between its two reads.
        using (var stopLoad = new CancellationTokenSource())
        {
            var load = Task.Run(async () =>
            {
                while (!stopLoad.IsCancellationRequested)
                {
                    await LabHttpClient.RunRequestsAsync(1, lab.Client.Namespace, lab.Vip, 80, TimeSpan.FromMilliseconds(200), CancellationToken.None);
                }
            });
            (_, text) = await DoctorAsync(1);
            await stopLoad.CancelAsync();
            await load;
        }
        Assert.Contains("FAIL  drops (DropNoReal):", text, StringComparison.Ordinal);
        Assert.Contains("a service had no real to take a new flow", text, StringComparison.Ordinal);

        // The program detached.
        live.Pins.Remove();
        (_, text) = await DoctorAsync(0);
        Assert.Contains($"FAIL  program attached: instance '{instance}' has no pinned program", text, StringComparison.Ordinal);

        async Task<(int Exit, string Text)> DoctorAsync(double sample = 0.5)
        {
            var (exit, stdout, stderr) = await RunCli(["doctor", "--config", live.ConfigPath, "--sample", sample.ToString(CultureInfo.InvariantCulture), .. realArgs]);
            Assert.Equal("", stderr);
            return (exit, stdout);
        }
    }
}
