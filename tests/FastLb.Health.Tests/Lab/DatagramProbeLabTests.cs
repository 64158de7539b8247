// icmp, udp and dns probes against real responders in a lab namespace.
using System.Net;

namespace FastLb.Health.Tests.Lab;

public sealed class DatagramProbeLabTests
{
    private static IPAddress RealAddress(string family) => ProbeLab.RealAddress(family);

    [RootTheory]
    [MemberData(nameof(ProbeLab.Families), MemberType = typeof(ProbeLab))]
    public async Task Icmp_Answering_Ok(string family)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 0, new HealthCheckConfig { Type = CheckType.Icmp }));
        Assert.Equal(("ok", true), (result.Reason, result.Healthy));
    }

    [RootTheory]
    [MemberData(nameof(ProbeLab.Families), MemberType = typeof(ProbeLab))]
    public async Task Icmp_EchoDropped_Timeout(string family)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        lab.RealInput(family == "v4" ? "icmp type echo-request drop" : "icmpv6 type echo-request drop");
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 0, new HealthCheckConfig { Type = CheckType.Icmp }, timeoutMs: ProbeLab.ExpectedTimeoutMs));
        Assert.Equal(("timeout", false), (result.Reason, result.Healthy));
    }

    [RootTheory]
    [InlineData("v4", "PONG", "ok")]
    [InlineData("v6", "PONG", "ok")]
    [InlineData("v4", "NOPE", "reply mismatch")]
    public async Task Udp_Echoing_MatchesExpect(string family, string expect, string reason)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        using var server = TestUdpServer.Start(lab.Real, RealAddress(family), 7000, q => [.. "PONG:"u8.ToArray(), .. q]);
        var check = new HealthCheckConfig { Type = CheckType.Udp, Send = "PING"u8.ToArray(), Expect = System.Text.Encoding.ASCII.GetBytes(expect) };
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 7000, check));
        Assert.Equal((reason, reason == "ok"), (result.Reason, result.Healthy));
        Assert.Equal(1, server.Received);
    }

    [RootFact]
    public async Task Udp_Silent_Timeout()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        using var server = TestUdpServer.Start(lab.Real, ProbeLab.RealV4, 7000, _ => null);
        var check = new HealthCheckConfig { Type = CheckType.Udp, Send = "PING"u8.ToArray() };
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 7000, check, timeoutMs: ProbeLab.ExpectedTimeoutMs));
        Assert.Equal(("timeout", false), (result.Reason, result.Healthy));
        Assert.Equal(1, server.Received);
    }

    [RootFact]
    public async Task Udp_NothingBound_Refused()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        var check = new HealthCheckConfig { Type = CheckType.Udp, Send = "PING"u8.ToArray() };
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 7000, check));
        Assert.Equal(("refused", false), (result.Reason, result.Healthy));
    }

    [RootTheory]
    [InlineData("v4", 0, "ok")]
    [InlineData("v6", 0, "ok")]
    [InlineData("v4", 3, "dns rcode 3")]
    [InlineData("v4", 2, "dns rcode 2")]
    public async Task Dns_Responder_UpOnlyOnAnswer(string family, int rcode, string reason)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        byte[]? seen = null;
        using var server = TestUdpServer.Start(lab.Real, RealAddress(family), 53, q => { seen = q; return TinyDns.Answer(q, rcode); });
        var check = new HealthCheckConfig { Type = CheckType.Dns, DnsName = "www.example.test", DnsType = "A" };
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 53, check));
        Assert.Equal((reason, reason == "ok"), (result.Reason, result.Healthy));
        // The query on the wire: RD set, one question, labels, type A, class IN.
        Assert.NotNull(seen);
        Assert.Equal(new byte[] { 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 }, seen![2..12]);
        Assert.Equal("\u0003www\u0007example\u0004test\0\0\u0001\0\u0001"u8.ToArray(), seen[12..]);
    }
}
