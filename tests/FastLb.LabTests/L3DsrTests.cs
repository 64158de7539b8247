// L3 DSR end to end: a client behind a router, FastLb one-arm on its own network tunnelling to reals
// on another, FastLb's decapsulator on each real, real HTTP servers with the VIP on lo.
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace FastLb.LabTests;

public sealed class L3DsrTests
{
    private const int Requests = 60;
    private const int BigBytes = 4 << 20;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static TheoryData<string, bool> Modes => new()
    {
        { "dsr-ipip", false }, { "dsr-ipip", true }, { "dsr-gue", false }, { "dsr-gue", true },
    };

    [RootTheory]
    [MemberData(nameof(Modes))]
    public async Task Http_TunnelledToEveryReal_RepliesBypassFastLb_BigTransferIntact(string mode, bool v6)
    {
        Privileges.RequireRoot();
        using var lab = L3DsrLab.Create();
        var vip = v6 ? lab.VipV6 : lab.Vip;
        var decaps = FastLb.Host.L3DsrDemo.AttachDecapsulators(lab);
        var servers = lab.StartHttpServers(80);
        try
        {
            using var controller = FastLbController.Start(ConfigLoader.Parse(lab.ConfigYaml(mode, v6, 80), "l3dsr.yaml", DataPlaneLimits.Config), NullLoggerFactory.Instance);
            using var atLb = PacketCapture.Start(lab.Lb, lab.LbInterface, $"src host {vip}");
            using var atClient = PacketCapture.Start(lab.Client, lab.ClientInterface, $"tcp and src host {vip}");
            // What crosses the router toward real1: tunnel packets only (the inner header behind an outer one).
            var tunnel = mode == "dsr-gue" ? "udp dst port 6080" : v6 ? "ip6 proto 41" : "ip proto 4";
            using var toReal = PacketCapture.Start(lab.Router, lab.Prefix + "-sr1", tunnel);

            var result = await LabHttpClient.RunRequestsAsync(Requests, lab.Client.Namespace, vip, 80, TimeSpan.FromSeconds(5), CancellationToken.None, parallelism: 4);

            Assert.Equal(0, result.Failures);
            foreach (var name in lab.RealNames)
            {
                Assert.InRange(result.CountFor(name), 5, Requests);
            }
            Assert.True(toReal.WaitFor(_ => true, 1, TimeSpan.FromSeconds(5)).Count >= 1, "tunnel packets toward real1");
            var stats = controller.ReadStats();
            Assert.Equal((ulong)Requests, (ulong)stats.Reals.Sum(r => (long)r.NewFlows));

            // A several-MB answer, byte for byte.
            await servers.DisposeAsync();
            var body = BigBody();
            servers = lab.StartHttpServers(80, body);
            for (var i = 0; i < 3; i++)
            {
                var response = await LabHttpClient.GetAsync(lab.Client.Namespace, vip, 80, "/", TimeSpan.FromSeconds(30), CancellationToken.None);
                Assert.Equal(200, response.StatusCode);
                Assert.Equal(Sha(body), Sha(response.Body));
            }

            Assert.NotEmpty(atClient.Stop());
            Assert.Empty(atLb.Stop()); // no reply ever crossed FastLb's interface
            Assert.All(decaps, d => Assert.True(d.Count(DecapReason.PassDecap) > 0, "every real decapsulated"));
            Assert.All(decaps, d => Assert.Equal(0ul, d.Count(DecapReason.DropMalformed)));
        }
        finally
        {
            await servers.DisposeAsync();
            foreach (var d in decaps)
            {
                d.Dispose();
            }
        }
    }

    [RootFact]
    public async Task RealFails_NewFlowsMove_EstablishedFlowsOfOtherRealsStay()
    {
        Privileges.RequireRoot();
        using var lab = L3DsrLab.Create();
        var decaps = FastLb.Host.L3DsrDemo.AttachDecapsulators(lab);
        var servers = lab.StartHttpServers(80).ToList();
        var open = new List<Socket>();
        try
        {
            const string check = "{type: http, path: /, interval: 300ms, timeout: 250ms, fall: 2, rise: 2, jitter: 10ms, initial: up}";
            using var controller = FastLbController.Start(ConfigLoader.Parse(lab.ConfigYaml("dsr-gue", false, 80, check), "l3dsr.yaml", DataPlaneLimits.Config), NullLoggerFactory.Instance);

            // Established connections, spread over the reals, no request sent yet.
            for (var i = 0; i < 12; i++)
            {
                var socket = lab.Client.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                open.Add(socket);
                await socket.ConnectAsync(new IPEndPoint(lab.Vip, 80)).WaitAsync(Bound);
            }
            var owner = open.ToDictionary(s => s, s => OwnerOf(lab, ((IPEndPoint)s.LocalEndPoint!).Port));
            Assert.Contains(owner.Values, o => o != "real2");

            await servers[1].DisposeAsync(); // real2 stops listening: its checks fail
            await WaitForAsync(() => !controller.Plan.Reals.Single(r => r.Real.Name == "real2").InRing, "real2 left the ring");

            // The other reals' established flows keep their real.
            foreach (var (socket, real) in owner.Where(o => o.Value != "real2"))
            {
                Assert.Equal(real, await RequestOnAsync(socket));
            }
            // New flows: every one answered, none by real2.
            var result = await LabHttpClient.RunRequestsAsync(30, lab.Client.Namespace, lab.Vip, 80, TimeSpan.FromSeconds(5), CancellationToken.None, parallelism: 3);
            Assert.Equal(0, result.Failures);
            Assert.Equal(0, result.CountFor("real2"));
            Assert.Equal(30, result.CountFor("real1") + result.CountFor("real3"));
        }
        finally
        {
            foreach (var s in open)
            {
                s.Dispose();
            }
            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
            foreach (var d in decaps)
            {
                d.Dispose();
            }
        }
    }

    /// <summary>The real whose stack holds the connection from client port <paramref name="port"/>.</summary>
    private static string OwnerOf(L3DsrLab lab, int port)
    {
        var owners = Enumerable.Range(0, L3DsrLab.RealCount)
            .Where(i => lab.Reals[i].Exec("ss", "-Htn", "state", "established", $"( dport = :{port} )").Contains(':' + port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Select(i => lab.RealNames[i]).ToList();
        return Assert.Single(owners);
    }

    /// <summary>Sends one GET on an open connection and returns who served it.</summary>
    private static async Task<string?> RequestOnAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: vip\r\n\r\n"u8.ToArray()).AsTask().WaitAsync(Bound);
        var reply = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = await stream.ReadAsync(buffer).AsTask().WaitAsync(Bound)) > 0)
        {
            reply.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        var line = reply.ToString().Split("\r\n").FirstOrDefault(l => l.StartsWith("X-Served-By: ", StringComparison.Ordinal));
        return line?["X-Served-By: ".Length..];
    }

    private static string BigBody()
    {
        var rng = new Random(8);
        var chars = new char[BigBytes];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + rng.Next(26));
        }
        return new string(chars);
    }

    private static string Sha(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static Task WaitForAsync(Func<bool> condition, string what) => Poll.UntilAsync(condition, what, Bound);
}
