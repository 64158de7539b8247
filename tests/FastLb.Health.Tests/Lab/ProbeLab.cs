// The lab's namespace pair as prober (where checks run) and real (where servers run), with addresses.
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using FastLb.Health;
using FastLb.Lab;

namespace FastLb.Health.Tests.Lab;

internal sealed class ProbeLab : IDisposable
{
    public static readonly IPAddress ProberV4 = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress RealV4 = IPAddress.Parse("192.0.2.2");
    public static readonly IPAddress ProberV6 = IPAddress.Parse("2001:db8:4::1");
    public static readonly IPAddress RealV6 = IPAddress.Parse("2001:db8:4::2");

    private readonly NamespacePair _pair;

    /// <summary>The address families every family-sensitive lab test runs in.</summary>
    public static TheoryData<string> Families => new() { "v4", "v6" };

    private ProbeLab(NamespacePair pair) => _pair = pair;

    public LabNamespace Prober => _pair.First;

    public LabNamespace Real => _pair.Second;

    public static IPAddress RealAddress(string family) => family == "v4" ? RealV4 : RealV6;

    public static IPAddress ProberAddress(string family) => family == "v4" ? ProberV4 : ProberV6;

    public static ProbeLab Create()
    {
        var pair = NamespacePair.Create();
        try
        {
            pair.First.Ip("addr", "add", $"{ProberV4}/24", "dev", pair.FirstInterface);
            pair.Second.Ip("addr", "add", $"{RealV4}/24", "dev", pair.SecondInterface);
            pair.First.Ip("addr", "add", $"{ProberV6}/64", "dev", pair.FirstInterface, "nodad");
            pair.Second.Ip("addr", "add", $"{RealV6}/64", "dev", pair.SecondInterface, "nodad");
            return new ProbeLab(pair);
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>A plain TCP listener in the real's namespace; the caller stops it.</summary>
    public TcpListener Listen(IPAddress address, int port) => Real.Namespace.Run(() =>
    {
        var listener = new TcpListener(address, port);
        listener.Start();
        return listener;
    });

    /// <summary>An HTTP server in the real's namespace answering <paramref name="status"/> and
    /// <paramref name="body"/> (or staying silent), over TLS when given a certificate.</summary>
    public LabHttpServer Serve(IPAddress address, int port, int status = 200, string body = "hello", bool hang = false, X509Certificate2? certificate = null) =>
        LabHttpServer.Start(Real.Namespace, address, port, new LabHttpServerOptions { Identity = "real", Status = status, Body = body, Hang = hang, Certificate = certificate });

    /// <summary>Loads nftables rules in the real's namespace, e.g. "tcp dport 80 drop" in an input chain.</summary>
    public void RealInput(string rule) =>
        Real.Exec("nft", $"add table inet lab; add chain inet lab input {{ type filter hook input priority 0; policy accept; }}; add rule inet lab input {rule}");

    /// <summary>The probe timeout of tests that expect "timeout": short, since they wait it out.</summary>
    public const int ExpectedTimeoutMs = 300;

    /// <summary>The probe timeout of tests that expect an answer: generous, so a loaded machine cannot fail them.</summary>
    public const int DefaultTimeoutMs = 5000;

    /// <summary>
    /// A target probed from the prober namespace. The default timeout is generous: a test expecting
    /// an answer must not fail because a loaded machine was slow; tests expecting a timeout pass
    /// <see cref="ExpectedTimeoutMs"/>.
    /// </summary>
    public CheckTarget Target(IPAddress address, ushort port, HealthCheckConfig check, int timeoutMs = DefaultTimeoutMs) =>
        new(address, port, check with { Timeout = TimeSpan.FromMilliseconds(timeoutMs) }, Prober.Namespace);

    public static Task<ProbeResult> ProbeAsync(CheckTarget target) =>
        ProbeRunner.RunAsync(HealthProbes.For(target.Check.Type), target, TimeProvider.System, CancellationToken.None);

    public void Dispose() => _pair.Dispose();
}
