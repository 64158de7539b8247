// A controller killed with SIGKILL and restarted under traffic: a long transfer stays intact and no new connection fails.
using System.Globalization;
using System.Net.Sockets;

namespace FastLb.LabTests;

public sealed class ControllerRestartTests
{
    private const int HttpPort = 80;
    private const int BulkPort = 9000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    // Generous, so a loaded machine does not fail a connection; a lost packet shows as a retransmission instead.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    [RootFact]
    public async Task SigkillAndRestart_UnderTraffic_TransferIntactAndNoNewConnectionFails()
    {
        Privileges.RequireRoot();
        using var lab = DsrL2Lab.Create();
        var pins = new PinnedState(lab.Prefix + "-restart");
        var servers = lab.StartHttpServers(HttpPort);
        var bulk = BulkStream.Start(lab.Reals.Select(r => r.Namespace), BulkPort);
        var dir = Directory.CreateTempSubdirectory("fastlb-restart-").FullName;
        var config = Path.Combine(dir, "fastlb.yaml");
        File.WriteAllText(config, Config(lab, pins.Instance));
        ControllerProcess? first = null;
        ControllerProcess? second = null;
        using var stopTraffic = new CancellationTokenSource();
        try
        {
            first = ControllerProcess.Start("run", "--config", config);
            await first.WaitForLineAsync("attached to " + lab.LbInterface, Bound);
            Assert.True(pins.HasLink);

            var synRetransBefore = SynRetransmits(lab);
            var transfer = Task.Run(() => BulkStream.ReceiveAsync(lab.Client.Namespace, lab.Vip, BulkPort, ConnectTimeout, CancellationToken.None));
            var connections = new ConnectionStream();
            var stream = Task.Run(() => connections.RunAsync(lab.Client, lab.Vip, HttpPort, lab.RealNames, ConnectTimeout, stopTraffic.Token));
            await WaitUntilAsync(() => bulk.SentWords > 0 && connections.Ok > 0, "the transfer and the connections to start");

            first.Kill();
            Assert.Contains("xdp", lab.Lb.Ip("link", "show", lab.LbInterface), StringComparison.Ordinal);

            // No controller at all for a while: the pinned program serves on.
            var atKill = connections.Ok;
            await WaitUntilAsync(() => connections.Ok >= atKill + 20, "20 connections served with no controller");

            second = ControllerProcess.Start("run", "--config", config);
            await second.WaitForLineAsync("adopted instance " + pins.Instance, Bound);
            // A second controller of the same instance is refused, and changes nothing.
            using (var third = ControllerProcess.Start("run", "--config", config))
            {
                await third.WaitForLineAsync($"fastlb: a controller of instance '{pins.Instance}' is running already", Bound);
            }
            var atAdopt = connections.Ok;
            await WaitUntilAsync(() => connections.Ok >= atAdopt + 20, "20 connections served by the adopted data plane");

            bulk.Finish();
            var words = await transfer.WaitAsync(Bound);
            stopTraffic.Cancel();
            await stream.WaitAsync(Bound);

            Assert.Equal([], connections.Failures);
            // Not one SYN had to be sent twice: no connection met a moment without forwarding.
            Assert.Equal(synRetransBefore, SynRetransmits(lab));
            Assert.True(connections.Ok >= 41, $"{connections.Ok} connections");
            Assert.True(words > 0);
            Assert.Equal(bulk.SentWords, words);

            // SIGTERM leaves forwarding running too.
            Assert.Equal(0, second.Terminate(Bound));
            Assert.True(pins.HasLink);
            Assert.Equal("served-by: real", (await LabHttpClient.GetAsync(lab.Client.Namespace, lab.Vip, HttpPort, "/", ConnectTimeout, CancellationToken.None)).Body[..15]);

            // The negative: `fastlb stop --detach` takes forwarding away, and the VIP stops answering.
            using (var stop = ControllerProcess.Start("stop", "--detach", "--instance", pins.Instance))
            {
                await stop.WaitForLineAsync("detached XDP link", Bound);
            }
            await WaitUntilAsync(() => !lab.Lb.Ip("link", "show", lab.LbInterface).Contains("xdp", StringComparison.Ordinal), "the program to go");
            Assert.False(Directory.Exists(pins.Directory));
            var before = SynRetransmits(lab);
            await Assert.ThrowsAsync<LabException>(() => LabHttpClient.GetAsync(lab.Client.Namespace, lab.Vip, HttpPort, "/", TimeSpan.FromSeconds(1.5), CancellationToken.None));
            Assert.True(SynRetransmits(lab) > before, "the SYN to a VIP nobody serves was retransmitted");
        }
        finally
        {
            stopTraffic.Cancel();
            first?.Dispose();
            second?.Dispose();
            pins.Remove();
            File.Delete(FastLb.Host.AdminEndpoint.For(pins.Instance).TokenPath);
            File.Delete(FastLb.Host.AdminEndpoint.For(pins.Instance).SocketPath); // the SIGKILLed controller's
            await bulk.DisposeAsync();
            await servers.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>TcpExt TCPSynRetrans of the client's namespace: SYNs it had to send again.</summary>
    private static long SynRetransmits(DsrL2Lab lab)
    {
        var lines = lab.Client.Exec("cat", "/proc/net/netstat").Split('\n').Where(l => l.StartsWith("TcpExt:", StringComparison.Ordinal)).ToList();
        var names = lines[0].Split(' ');
        var values = lines[1].Split(' ');
        return long.Parse(values[Array.IndexOf(names, "TCPSynRetrans")], CultureInfo.InvariantCulture);
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Poll.UntilAsync(condition, what, Bound);

    private static string Config(DsrL2Lab lab, string instance)
    {
        var yaml = lab.DefaultConfigYaml(HttpPort, metrics: "127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture));
        var bulk = "  - name: bulk\n    vip: " + lab.Vip + "\n    port: " + BulkPort + "\n    protocol: tcp\n    mode: dsr-l2\n    reals:\n"
            + string.Concat(Enumerable.Range(0, DsrL2Lab.RealCount).Select(i =>
                $"      - {{name: {lab.RealNames[i]}, address: {lab.RealAddresses[i]}, port: {BulkPort}, mac: {lab.RealMacs[i]}}}\n"));
        return "instance: " + instance + "\n" + yaml + bulk;
    }

    private static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
