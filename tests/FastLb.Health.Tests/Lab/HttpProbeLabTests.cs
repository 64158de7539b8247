// http, https and http-content against small real servers in a lab namespace.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FastLb.Health.Tests.Lab;

public sealed class HttpProbeLabTests
{
    private static readonly HealthCheckConfig Http = new() { Type = CheckType.Http };

    [RootFact]
    public async Task Probe_Status200_OkWithMethodPathHostAndHeaders()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        await using var server = lab.Serve(ProbeLab.RealV4, 8080);
        var check = Http with
        {
            Method = "HEAD",
            Path = "/healthz?full=1",
            Host = "app.example",
            Headers = new Dictionary<string, string> { ["X-Check"] = "fastlb" },
        };
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8080, check));
        Assert.Equal(("ok", true), (result.Reason, result.Healthy));
        var request = Assert.Single(server.Requests);
        Assert.StartsWith("HEAD /healthz?full=1 HTTP/1.1\r\n", request);
        Assert.Contains("\r\nHost: app.example\r\n", request);
        Assert.Contains("\r\nX-Check: fastlb\r\n", request);
    }

    [RootFact]
    public async Task Probe_V6Status200_Ok()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        await using var server = lab.Serve(ProbeLab.RealV6, 8080);
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV6, 8080, Http));
        Assert.Equal(("ok", true), (result.Reason, result.Healthy));
    }

    [RootFact]
    public async Task Probe_Status503_FailsWithStatus()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        await using var server = lab.Serve(ProbeLab.RealV4, 8080, status: 503);
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8080, Http));
        Assert.Equal(("status 503", false), (result.Reason, result.Healthy));
    }

    [RootFact]
    public async Task Probe_Status503InExpectedSet_Ok()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        await using var server = lab.Serve(ProbeLab.RealV4, 8080, status: 503);
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8080, Http with { ExpectStatus = [200, 503] }));
        Assert.Equal(("ok", true), (result.Reason, result.Healthy));
    }

    [RootFact]
    public async Task Probe_AcceptsButNeverAnswers_Timeout()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        await using var server = lab.Serve(ProbeLab.RealV4, 8080, hang: true);
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8080, Http, timeoutMs: ProbeLab.ExpectedTimeoutMs));
        Assert.Equal(("timeout", false), (result.Reason, result.Healthy));
    }

    [RootFact]
    public async Task Probe_NothingListening_Refused()
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8080, Http));
        Assert.Equal(("refused", false), (result.Reason, result.Healthy));
    }

    [RootTheory]
    [InlineData("all systems ok", null, "ok")]
    [InlineData("all systems down", null, "body mismatch")]
    [InlineData(null, "^all systems (ok|fine)$", "ok")]
    [InlineData(null, "^systems", "body mismatch")]
    public async Task Probe_ContentCheck_MatchesBody(string? contains, string? regex, string expected)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        await using var server = lab.Serve(ProbeLab.RealV4, 8080, body: "all systems ok");
        var check = new HealthCheckConfig { Type = CheckType.HttpContent, Contains = contains, Regex = regex };
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8080, check));
        Assert.Equal((expected, expected == "ok"), (result.Reason, result.Healthy));
    }

    [RootTheory]
    [InlineData(4096, "ok")]
    [InlineData(100, "body mismatch")]
    public async Task Probe_NeedleBeyondMaxBytes_NotSeen(int maxBytes, string expected)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        await using var server = lab.Serve(ProbeLab.RealV4, 8080, body: new string('x', 200) + "NEEDLE");
        var check = new HealthCheckConfig { Type = CheckType.HttpContent, Contains = "NEEDLE", MaxBytes = maxBytes };
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8080, check));
        Assert.Equal(expected, result.Reason);
    }

    [RootTheory]
    [InlineData(true, "tls error")]
    [InlineData(false, "ok")]
    public async Task Probe_HttpsSelfSigned_FailsOnlyWhenVerifying(bool verify, string expected)
    {
        Privileges.RequireRoot();
        using var lab = ProbeLab.Create();
        using var certificate = SelfSigned("app.example");
        await using var server = lab.Serve(ProbeLab.RealV4, 8443, certificate: certificate);
        var check = new HealthCheckConfig { Type = CheckType.Https, Sni = "app.example", VerifyCertificate = verify };
        var result = await ProbeLab.ProbeAsync(lab.Target(ProbeLab.RealV4, 8443, check));
        Assert.Equal((expected, !verify), (result.Reason, result.Healthy));
        Assert.Equal(verify ? 0 : 1, server.Requests.Count);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the server side has a usable private key on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
