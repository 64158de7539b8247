// http and http-content against a server that answers exact bytes: framing, interim answers, early closes, garbage.
using System.Net.Sockets;
using System.Text;
using static FastLb.Health.Tests.Lab.ProbeLab;

namespace FastLb.Health.Tests.Lab;

public sealed class HttpFramingLabTests
{
    private static readonly HealthCheckConfig Status = new() { Type = CheckType.Http };
    private static readonly HealthCheckConfig Needle = new() { Type = CheckType.HttpContent, Contains = "NEEDLE" };

    public static TheoryData<string, string, string> Answers => new()
    {
        // check, answer, expected reason
        { "status", "HTTP/1.0 200 OK\r\n\r\n", "ok" },
        { "status", "HTTP/1.1 301 Moved Permanently\r\nLocation: /x\r\n\r\n", "status 301" },
        { "status", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\n\r\n", "status 503" },
        { "status", "", "closed" },
        { "status", "HTTP/1.1 20", "closed" },
        { "status", "SSH-2.0-OpenSSH_9.2\r\n", "bad response" },
        { "content", "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nxxNEEDLE", "ok" },
        { "content", "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nxxNEEDL", "closed" },
        { "content", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nxxNEEDLE", "body mismatch" },
        { "content", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nxxNEE\r\n3;ext=1\r\nDLE\r\n0\r\n\r\n", "ok" },
        { "content", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nxxNEE\r\n0\r\n\r\nDLE", "body mismatch" },
        { "content", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nNEEDLE\r\n0\r\n\r\n", "bad response" },
        { "content", "HTTP/1.1 200 OK\r\n\r\nxxNEEDLE", "ok" },
        { "content", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nNEEDLE", "ok" },
        { "content", "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\nNEEDLE", "bad response" },
        { "content", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\nNEEDLE", "bad response" },
    };

    [RootTheory]
    [MemberData(nameof(Answers))]
    public async Task Probe_ExactAnswer_Reason(string check, string answer, string expected)
    {
        Privileges.RequireRoot();
        using var lab = Create();
        using var listener = lab.Listen(RealV4, 8080);
        var serve = AnswerOnceAsync(listener, answer);
        var result = await ProbeAsync(lab.Target(RealV4, 8080, check == "status" ? Status : Needle));
        Assert.Equal((expected, expected == "ok"), (result.Reason, result.Healthy));
        var request = await serve.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.StartsWith("GET / HTTP/1.1\r\nHost: 192.0.2.2:8080\r\n", request);
        Assert.EndsWith("\r\nConnection: close\r\n\r\n", request);
    }

    [RootFact]
    public async Task Probe_ManyChecksFromAnotherNamespace_EachOnItsOwnConnectionFromTheProber()
    {
        Privileges.RequireRoot();
        using var lab = Create();
        await using var server = lab.Serve(RealV4, 8080);
        // More checks than one batch of sockets made ahead in the prober's namespace.
        for (var i = 0; i < 40; i++)
        {
            var result = await ProbeAsync(lab.Target(RealV4, 8080, Status));
            Assert.Equal(("ok", true), (result.Reason, result.Healthy));
        }
        Assert.Equal(40, server.Requests.Count);
    }

    /// <summary>Accepts one connection, reads the request head, writes <paramref name="answer"/> and closes.</summary>
    private static async Task<string> AnswerOnceAsync(System.Net.Sockets.TcpListener listener, string answer)
    {
        using var client = await listener.AcceptSocketAsync();
        var buffer = new byte[4096];
        var used = 0;
        while (used < buffer.Length)
        {
            var n = await client.ReceiveAsync(buffer.AsMemory(used), SocketFlags.None);
            used += n;
            if (n == 0 || Encoding.ASCII.GetString(buffer, 0, used).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }
        await client.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None);
        client.Shutdown(SocketShutdown.Both);
        return Encoding.ASCII.GetString(buffer, 0, used);
    }
}
