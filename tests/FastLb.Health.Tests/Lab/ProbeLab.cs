// Two namespaces joined by a veth pair: the prober (where checks run) and the real (where servers run).
using System.Net;
using FastLb.Health;
using FastLb.Lab;
using FastLb.Model;

namespace FastLb.Health.Tests.Lab;

internal sealed class ProbeLab : IDisposable
{
    public static readonly IPAddress ProberV4 = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress RealV4 = IPAddress.Parse("192.0.2.2");
    public static readonly IPAddress ProberV6 = IPAddress.Parse("2001:db8:4::1");
    public static readonly IPAddress RealV6 = IPAddress.Parse("2001:db8:4::2");

    private ProbeLab(LabNamespace prober, LabNamespace real, string proberIf, string realIf)
    {
        Prober = prober;
        Real = real;
        ProberIf = proberIf;
        RealIf = realIf;
    }

    public LabNamespace Prober { get; }

    public LabNamespace Real { get; }

    public string ProberIf { get; }

    public string RealIf { get; }

    public static ProbeLab Create()
    {
        var prefix = LabNames.NewPrefix();
        var prober = LabNamespace.Create(prefix + "h");
        LabNamespace? real = null;
        try
        {
            real = LabNamespace.Create(prefix + "r");
            var lab = new ProbeLab(prober, real, prefix + "p", prefix + "q");
            VethPair.Create(prober, lab.ProberIf, real, lab.RealIf);
            prober.Ip("addr", "add", "192.0.2.1/24", "dev", lab.ProberIf);
            real.Ip("addr", "add", "192.0.2.2/24", "dev", lab.RealIf);
            prober.Ip("addr", "add", "2001:db8:4::1/64", "dev", lab.ProberIf, "nodad");
            real.Ip("addr", "add", "2001:db8:4::2/64", "dev", lab.RealIf, "nodad");
            return lab;
        }
        catch
        {
            real?.Dispose();
            prober.Dispose();
            throw;
        }
    }

    /// <summary>Loads nftables rules in the real's namespace, e.g. "tcp dport 80 drop" in an input chain.</summary>
    public void RealInput(string rule) =>
        Real.Exec("nft", $"add table inet lab; add chain inet lab input {{ type filter hook input priority 0; policy accept; }}; add rule inet lab input {rule}");

    /// <summary>A target probed from the prober namespace, 400 ms timeout unless given (TLS set-up in a cold process needs more).</summary>
    public CheckTarget Target(IPAddress address, ushort port, HealthCheckConfig check, int timeoutMs = 400) =>
        new(address, port, check with { Timeout = TimeSpan.FromMilliseconds(timeoutMs) }, Prober.Namespace);

    public static Task<ProbeResult> ProbeAsync(CheckTarget target) =>
        ProbeRunner.RunAsync(HealthProbes.For(target.Check.Type), target, TimeProvider.System, CancellationToken.None);

    public void Dispose()
    {
        Real.Dispose();
        Prober.Dispose();
    }
}
