// tcp (full connect) against real listeners in a lab namespace.
using System.Net;
using System.Net.Sockets;
using FastLb.Model;
using FastLb.Testing;
using Xunit;

namespace FastLb.Health.Tests.Lab;

public sealed class TcpProbeLabTests
{
    private static readonly HealthCheckConfig Tcp = new() { Type = CheckType.Tcp };

    public static TheoryData<string> Families => new() { "v4", "v6" };

    private static IPAddress RealAddress(string family) => family == "v4" ? ProbeLab.RealV4 : ProbeLab.RealV6;

    [RootTheory]
    [MemberData(nameof(Families))]
    public async Task Probe_Listening_OkAcceptedFromProberThenOrderlyClose(string family)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        var listener = lab.Real.Namespace.Run(() => { var l = new TcpListener(RealAddress(family), 8080); l.Start(); return l; });
        try
        {
            var accept = listener.AcceptTcpClientAsync();
            var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 8080, Tcp));
            Assert.Equal(("ok", true), (result.Reason, result.Healthy));
            using var accepted = await accept.WaitAsync(TimeSpan.FromSeconds(5));
            // The connection came from the prober's address, and the probe closed it with a FIN
            // (end of stream, no bytes, no reset) once connected.
            var peer = (IPEndPoint)accepted.Client.RemoteEndPoint!;
            Assert.Equal(family == "v4" ? ProbeLab.ProberV4 : ProbeLab.ProberV6, peer.Address);
            var buffer = new byte[16];
            var read = await accepted.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(0, read);
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
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 8080, Tcp));
        Assert.Equal(("refused", false), (result.Reason, result.Healthy));
    }

    [RootFact]
    public async Task Probe_NftRejectWithReset_Refused()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        await using var server = lab.Serve(ProbeLab.RealV4, 8080);
        lab.RealInput("tcp dport 8080 reject with tcp reset");
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8080, Tcp));
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
        var result = await ProbeLab.ProbeAsync(lab.Target(RealAddress(family), 8080, Tcp, timeoutMs: ProbeLab.ExpectedTimeoutMs));
        Assert.Equal(("timeout", false), (result.Reason, result.Healthy));
    }
}
