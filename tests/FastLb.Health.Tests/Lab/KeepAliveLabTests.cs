// http checks that keep their connection (reuse-connection) against servers that keep it, or close it after each answer.
using static FastLb.Health.Tests.Lab.ProbeLab;

namespace FastLb.Health.Tests.Lab;

public sealed class KeepAliveLabTests
{
    private const int Checks = 25;
    private const string Sized = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nxxNEEDLE";
    private const string Chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nxxNEE\r\n3\r\nDLE\r\n0\r\n\r\n";

    public static TheoryData<string, string> Kinds => new()
    {
        { "status", Sized },
        { "content", Sized },
        { "content", Chunked },
    };

    [RootTheory]
    [MemberData(nameof(Kinds))]
    public async Task Probe_ServerKeepsConnection_OneConnectionForEveryCheck(string kind, string answer)
    {
        Privileges.RequireRoot();
        using var lab = Create();
        await using var server = KeepAliveServer.Start(lab.Listen(RealV4, 8080), answer, closeAfterAnswer: false);
        var target = lab.Target(RealV4, 8080, Check(kind, reuse: true));
        for (var i = 0; i < Checks; i++)
        {
            var result = await ProbeAsync(target);
            Assert.Equal(("ok", true), (result.Reason, result.Healthy));
        }
        Assert.Equal((1, Checks), (server.Connections, server.Requests.Count));
        Assert.All(server.Requests, r => Assert.DoesNotContain("Connection:", r, StringComparison.OrdinalIgnoreCase));
    }

    [RootTheory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nxxNEEDLE")]
    [InlineData(Sized)]
    [InlineData("HTTP/1.0 200 OK\r\n\r\nxxNEEDLE")]
    public async Task Probe_ServerClosesAfterEachAnswer_EveryCheckOkOnANewConnection(string answer)
    {
        Privileges.RequireRoot();
        using var lab = Create();
        await using var server = KeepAliveServer.Start(lab.Listen(RealV4, 8080), answer, closeAfterAnswer: true);
        var target = lab.Target(RealV4, 8080, Check("content", reuse: true));
        for (var i = 0; i < Checks; i++)
        {
            var result = await ProbeAsync(target);
            Assert.Equal(("ok", true), (result.Reason, result.Healthy));
        }
        // A silent close can race the next check's request: the probe then retries once on a new connection.
        Assert.Equal(Checks, server.Requests.Count);
        Assert.Equal(Checks, server.Connections);
    }

    [RootFact]
    public async Task Probe_FailedAnswer_ConnectionDroppedAndNextCheckOnANewOne()
    {
        Privileges.RequireRoot();
        using var lab = Create();
        await using var server = KeepAliveServer.Start(lab.Listen(RealV4, 8080), "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n", closeAfterAnswer: false);
        var target = lab.Target(RealV4, 8080, Check("status", reuse: true));
        for (var i = 0; i < 3; i++)
        {
            var result = await ProbeAsync(target);
            Assert.Equal(("status 503", false), (result.Reason, result.Healthy));
        }
        Assert.Equal((3, 3), (server.Connections, server.Requests.Count));
    }

    [RootFact]
    public async Task Probe_ReuseConnectionOff_EachCheckOnItsOwnConnectionWithConnectionClose()
    {
        Privileges.RequireRoot();
        using var lab = Create();
        await using var server = KeepAliveServer.Start(lab.Listen(RealV4, 8080), Sized, closeAfterAnswer: false);
        var target = lab.Target(RealV4, 8080, Check("status", reuse: false));
        for (var i = 0; i < 5; i++)
        {
            var result = await ProbeAsync(target);
            Assert.Equal(("ok", true), (result.Reason, result.Healthy));
        }
        Assert.Equal((5, 5), (server.Connections, server.Requests.Count));
        Assert.All(server.Requests, r => Assert.EndsWith("\r\nConnection: close\r\n\r\n", r));
    }

    private static HealthCheckConfig Check(string kind, bool reuse) => kind == "status"
        ? new HealthCheckConfig { Type = CheckType.Http, ReuseConnection = reuse }
        : new HealthCheckConfig { Type = CheckType.HttpContent, Contains = "NEEDLE", ReuseConnection = reuse };
}
