// `fastlb explain` against a live controller: it names the real a flow is pinned to, and the real a new flow will get.
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FastLb.Host;
using static FastLb.LabTests.AdminTestTools;

namespace FastLb.LabTests;

public sealed class ExplainTests
{
    [RootFact]
    public async Task Explain_PinnedFlowAndNewFlow_NameTheRealTheDataPlaneUses()
    {
        await using var live = await LiveInstance.StartAsync("exp");
        var (lab, instance) = (live.Lab, live.Instance);

        // A served flow is in the flow table, on the real that answered it.
        var servedBy = await GetFromPortAsync(lab, 45678);
        var pinned = await ExplainAsync(instance, $"{lab.ClientAddress}:45678");
        Assert.True(pinned.GetProperty("maps").GetProperty("inFlowTable").GetBoolean());
        Assert.Equal(servedBy, pinned.GetProperty("real").GetString());
        Assert.Equal("web", pinned.GetProperty("service").GetString());
        Assert.Equal("dsr-l2", pinned.GetProperty("maps").GetProperty("mode").GetString());
        Assert.Equal(1, pinned.GetProperty("weight").GetInt32());

        // Flows not seen yet: explain predicts the real, then the real connection lands there.
        var predicted = new HashSet<string>();
        for (var port = 45700; port < 45712; port++)
        {
            var fresh = await ExplainAsync(instance, $"{lab.ClientAddress}:{port}");
            Assert.False(fresh.GetProperty("maps").GetProperty("inFlowTable").GetBoolean());
            var real = fresh.GetProperty("real").GetString()!;
            predicted.Add(real);
            Assert.Equal(real, await GetFromPortAsync(lab, port));
        }
        Assert.True(predicted.Count > 1, "12 flows all predicted on one real");

        // Not a service: said so.
        var (exit, text, _) = await RunCli("explain", $"{lab.ClientAddress}:45678", $"{lab.Vip}:81/tcp", "--instance", instance);
        Assert.Equal(0, exit);
        Assert.Contains("service:    none: no service has this VIP, port and protocol", text, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Explain_StatelessService_TableNotRead_RingNamesTheRealThatServes()
    {
        await using var live = await LiveInstance.StartAsync("exs", serviceKeys: "    stateless: true\n");
        var (lab, instance) = (live.Lab, live.Instance);

        for (var port = 45800; port < 45806; port++)
        {
            var servedBy = await GetFromPortAsync(lab, port);
            var e = await ExplainAsync(instance, $"{lab.ClientAddress}:{port}");
            Assert.False(e.GetProperty("maps").GetProperty("inFlowTable").GetBoolean());
            Assert.Contains("stateless", e.GetProperty("maps").GetProperty("flowTableNote").GetString(), StringComparison.Ordinal);
            Assert.Equal(servedBy, e.GetProperty("real").GetString());
        }
    }

    private static async Task<JsonElement> ExplainAsync(string instance, string client)
    {
        var (exit, stdout, stderr) = await RunCli("explain", client, "203.0.113.10:80/tcp", "--json", "--instance", instance);
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>One HTTP request from the client's address and a chosen source port; returns the real that answered.</summary>
    private static async Task<string> GetFromPortAsync(DsrL2Lab lab, int port)
    {
        using var socket = lab.Client.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        socket.Bind(new IPEndPoint(lab.ClientAddress, port));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new IPEndPoint(lab.Vip, 80), cts.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: vip\r\nConnection: close\r\n\r\n"), cts.Token);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, cts.Token)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        var text = answer.ToString();
        var at = text.IndexOf("served-by: ", StringComparison.Ordinal);
        Assert.True(at >= 0, text);
        return text[(at + "served-by: ".Length)..].Split('\n')[0].Trim();
    }
}
