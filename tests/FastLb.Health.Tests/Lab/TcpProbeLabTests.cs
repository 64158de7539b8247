// tcp and tcp-half-open against real listeners in a lab namespace, and against ports that refuse, reset or drop.
using System.Net;
using FastLb.Lab;
using FastLb.Wire;
using static FastLb.Health.Tests.Lab.ProbeLab;

namespace FastLb.Health.Tests.Lab;

public sealed class TcpProbeLabTests
{
    private static readonly HealthCheckConfig HalfOpen = new() { Type = CheckType.TcpHalfOpen };

    public static TheoryData<CheckType, string> TypesAndFamilies => new()
    {
        { CheckType.Tcp, "v4" },
        { CheckType.Tcp, "v6" },
        { CheckType.TcpHalfOpen, "v4" },
        { CheckType.TcpHalfOpen, "v6" },
    };

    [RootTheory]
    [MemberData(nameof(Families), MemberType = typeof(ProbeLab))]
    public async Task Tcp_Listening_OkAcceptedFromProberThenOrderlyClose(string family)
    {
        Privileges.RequireRoot();
        using var lab = Create();
        using var listener = lab.Listen(RealAddress(family), 8080);
        var accept = listener.AcceptTcpClientAsync();
        var result = await ProbeAsync(lab.Target(RealAddress(family), 8080, new HealthCheckConfig { Type = CheckType.Tcp }));
        Assert.Equal(("ok", true), (result.Reason, result.Healthy));
        using var accepted = await accept.WaitAsync(TimeSpan.FromSeconds(5));
        // The connection came from the prober's address, and the probe closed it with a FIN
        // (end of stream, no bytes, no reset) once connected.
        Assert.Equal(ProberAddress(family), ((IPEndPoint)accepted.Client.RemoteEndPoint!).Address);
        var read = await accepted.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, read);
    }

    [RootTheory]
    [MemberData(nameof(Families), MemberType = typeof(ProbeLab))]
    public async Task HalfOpen_Listening_OkWithSynAndRstNeverAckAndNothingAccepted(string family)
    {
        Privileges.RequireRoot();
        using var lab = Create();
        var prober = ProberAddress(family);
        var real = RealAddress(family);
        using var capture = PacketCapture.Start(lab.Real);
        using var listener = lab.Listen(real, 8080);
        var accept = listener.AcceptTcpClientAsync();
        var result = await ProbeAsync(lab.Target(real, 8080, HalfOpen));
        Assert.Equal(("ok", true), (result.Reason, result.Healthy));

        // Our RST and the prober kernel's (no socket owns the port) may still be on their way: wait for both.
        bool FromProber(CapturedPacket p) => prober.Equals(p.SrcIp) && p.Tcp?.DestinationPort == 8080;
        bool FromReal(CapturedPacket p) => real.Equals(p.SrcIp) && p.Tcp?.SourcePort == 8080;
        var rsts = capture.WaitFor(p => FromProber(p) && p.Tcp!.Value.Flags == TcpFlags.Rst, 2, TimeSpan.FromSeconds(5));
        var all = capture.Stop();
        var fromProber = all.Where(FromProber).Select(p => p.Tcp!.Value).ToList();
        var fromReal = all.Where(FromReal).Select(p => p.Tcp!.Value).ToList();
        var log = string.Join("\n", all);

        var syn = Assert.Single(fromProber, s => s.Flags == TcpFlags.Syn);
        var synAck = Assert.Single(fromReal, s => s.Flags == (TcpFlags.Syn | TcpFlags.Ack));
        Assert.Equal(syn.Seq + 1, synAck.Ack);
        // Both RSTs carry RST only, with seq = the SYN-ACK's ack; the prober never ACKs.
        Assert.Equal(2, rsts.Count);
        Assert.All(rsts, r => Assert.Equal(synAck.Ack, r.Tcp!.Value.Seq));
        Assert.All(fromProber, s => Assert.False(s.Has(TcpFlags.Ack), $"prober sent an ACK: {s}\n{log}"));
        Assert.Equal(3, fromProber.Count);

        Assert.False(accept.IsCompleted);
        Assert.False(listener.Pending());
        var established = lab.Real.Exec("ss", "-Htn", "state", "established");
        Assert.Equal("", established.Trim());
    }

    /// <summary>
    /// Half-open checks in flight together share one raw socket: each answer must reach the check
    /// whose SYN it acknowledges, by the real's port and the check's own source port.
    /// </summary>
    [RootTheory]
    [MemberData(nameof(Families), MemberType = typeof(ProbeLab))]
    public async Task HalfOpen_ManyAtOnce_EachGetsItsOwnAnswer(string family)
    {
        Privileges.RequireRoot();
        using var lab = Create();
        var real = RealAddress(family);
        using var first = lab.Listen(real, 8080);
        using var second = lab.Listen(real, 8082);
        ushort[] ports = [8080, 8081, 8082, 8083, 8080, 8081, 8082, 8083];
        var results = await Task.WhenAll(ports.Select(p => ProbeAsync(lab.Target(real, p, HalfOpen))));

        Assert.Equal(
            ports.Select(p => p is 8080 or 8082 ? ("ok", true) : ("refused", false)),
            results.Select(r => (r.Reason, r.Healthy)));
    }

    [RootTheory]
    [MemberData(nameof(TypesAndFamilies))]
    public async Task Probe_NothingListening_Refused(CheckType type, string family)
    {
        Privileges.RequireRoot();
        using var lab = Create();
        var result = await ProbeAsync(lab.Target(RealAddress(family), 8080, new HealthCheckConfig { Type = type }));
        Assert.Equal(("refused", false), (result.Reason, result.Healthy));
    }

    /// <summary>Each probe type and family with an nftables rule on the real's port and the reason it must give.</summary>
    public static TheoryData<CheckType, string, string, string> Filters()
    {
        var data = new TheoryData<CheckType, string, string, string>();
        foreach (var row in TypesAndFamilies)
        {
            var (type, family) = ((CheckType)row[0], (string)row[1]);
            data.Add(type, family, "reject with tcp reset", "refused");
            data.Add(type, family, "drop", "timeout");
        }
        return data;
    }

    [RootTheory]
    [MemberData(nameof(Filters))]
    public async Task Probe_PortFiltered_ReasonOfTheFilter(CheckType type, string family, string rule, string reason)
    {
        Privileges.RequireRoot();
        using var lab = Create();
        await using var server = lab.Serve(RealAddress(family), 8080);
        lab.RealInput($"tcp dport 8080 {rule}");
        var timeoutMs = reason == "timeout" ? ExpectedTimeoutMs : DefaultTimeoutMs;
        var result = await ProbeAsync(lab.Target(RealAddress(family), 8080, new HealthCheckConfig { Type = type }, timeoutMs));
        Assert.Equal((reason, false), (result.Reason, result.Healthy));
    }
}
