// tcp-half-open against real listeners: SYN, SYN-ACK, RST on the wire and no connection accepted.
using System.Net;
using System.Net.Sockets;
using FastLb.Health.Probes;
using FastLb.Model;
using FastLb.Testing;
using Xunit;

namespace FastLb.Health.Tests.Lab;

public sealed class HalfOpenProbeLabTests
{
    private static readonly HealthCheckConfig HalfOpen = new() { Type = CheckType.TcpHalfOpen };

    public static TheoryData<string> Families => new() { "v4", "v6" };

    private static IPAddress RealAddress(string family) => family == "v4" ? ProbeLab.RealV4 : ProbeLab.RealV6;

    private static IPAddress ProberAddress(string family) => family == "v4" ? ProbeLab.ProberV4 : ProbeLab.ProberV6;

    [RootTheory]
    [MemberData(nameof(Families))]
    public async Task Probe_Listening_OkWithSynAndRstNeverAckAndNothingAccepted(string family)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        using var capture = PacketCapture.Start(lab.Real);
        var listener = lab.Real.Namespace.Run(() => { var l = new TcpListener(RealAddress(family), 8080); l.Start(); return l; });
        try
        {
            var accept = listener.AcceptTcpClientAsync();
            var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 8080, HalfOpen));
            Assert.Equal(("ok", true), (result.Reason, result.Healthy));

            // Let the prober kernel's own RST (and anything else) arrive before judging.
            await Task.Delay(300);
            var fromProber = capture.Segments.Where(s => s.Source.Equals(ProberAddress(family)) && s.Tcp.DestinationPort == 8080).ToList();
            var fromReal = capture.Segments.Where(s => s.Source.Equals(RealAddress(family)) && s.Tcp.SourcePort == 8080).ToList();
            var log = string.Join("\n", capture.Segments);

            var syn = Assert.Single(fromProber, s => s.Tcp.Flags == TcpSegment.Syn);
            var synAck = Assert.Single(fromReal, s => s.Tcp.Flags == (TcpSegment.Syn | TcpSegment.Ack));
            Assert.Equal(syn.Tcp.Seq + 1, synAck.Tcp.Ack);
            // Our RST and the prober kernel's (no socket owns the port): both RST only, seq = SYN-ACK's ack.
            var rsts = fromProber.Where(s => s.Tcp.Flags == TcpSegment.Rst).ToList();
            Assert.True(rsts.Count == 2, $"expected 2 RSTs (probe + kernel), got {rsts.Count}:\n{log}");
            Assert.All(rsts, r => Assert.Equal(synAck.Tcp.Ack, r.Tcp.Seq));
            Assert.All(fromProber, s => Assert.False((s.Tcp.Flags & TcpSegment.Ack) != 0, $"prober sent an ACK: {s}\n{log}"));
            Assert.Equal(3, fromProber.Count);

            Assert.False(accept.IsCompleted);
            Assert.False(listener.Pending());
            var established = lab.Real.Exec("ss", "-Htn", "state", "established");
            Assert.Equal("", established.Trim());
        }
        finally
        {
            listener.Stop();
        }
    }

    [RootTheory]
    [MemberData(nameof(Families))]
    public async Task Probe_NothingListening_Refused(string family)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 8080, HalfOpen));
        Assert.Equal(("refused", false), (result.Reason, result.Healthy));
    }

    [RootTheory]
    [MemberData(nameof(Families))]
    public async Task Probe_SynDropped_Timeout(string family)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        using var server = TestHttpServer.Start(lab.Real, RealAddress(family), 8080);
        lab.RealInput("tcp dport 8080 drop");
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 8080, HalfOpen));
        Assert.Equal(("timeout", false), (result.Reason, result.Healthy));
    }
}
