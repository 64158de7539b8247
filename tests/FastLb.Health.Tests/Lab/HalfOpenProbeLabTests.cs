// tcp-half-open against real listeners: SYN, SYN-ACK, RST on the wire and no connection accepted.
using System.Net;
using System.Net.Sockets;
using FastLb.Lab;
using FastLb.Model;
using FastLb.Testing;
using FastLb.Wire;
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

            // Our RST and the prober kernel's (no socket owns the port) may still be on their way: wait for both.
            var prober = ProberAddress(family);
            var real = RealAddress(family);
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
        await using var server = lab.Serve(RealAddress(family), 8080);
        lab.RealInput("tcp dport 8080 drop");
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 8080, HalfOpen, timeoutMs: ProbeLab.ExpectedTimeoutMs));
        Assert.Equal(("timeout", false), (result.Reason, result.Healthy));
    }
}
