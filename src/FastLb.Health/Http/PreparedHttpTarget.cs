// What an http check sends and where, worked out once per target rather than per check.
using System.Net;
using System.Net.Security;
using System.Runtime.CompilerServices;
using FastLb.Model;

namespace FastLb.Health.Http;

internal sealed class PreparedHttpTarget
{
    // Keyed by the target object the scheduler holds for its lifetime, so an entry goes with it.
    private static readonly ConditionalWeakTable<CheckTarget, PreparedHttpTarget> Cache = [];

    private PreparedHttpTarget(CheckTarget target)
    {
        var check = target.Check;
        EndPoint = target.EndPoint;
        Request = HttpRequestBytes.Build(target);
        if (check.Type == CheckType.Https)
        {
            var sni = check.Sni ?? check.Host;
            Tls = new SslClientAuthenticationOptions
            {
                // An IP address as target host sends no SNI; a name is also what the certificate is checked against.
                TargetHost = sni ?? target.Address.ToString(),
                RemoteCertificateValidationCallback = check.VerifyCertificate ? null : static (_, _, _, _) => true,
            };
        }
        Check = check;
        ReadsBody = check.Contains is not null || check.Regex is not null;
        ContainsUtf8 = check.Contains is null ? null : System.Text.Encoding.UTF8.GetBytes(check.Contains);
        KeepsConnection = HttpRequestBytes.KeepsConnection(check);
        HeadRequest = check.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase);
    }

    public IPEndPoint EndPoint { get; }

    public HealthCheckConfig Check { get; }

    /// <summary>The check's Contains string as UTF-8, looked for in the body's bytes.</summary>
    public byte[]? ContainsUtf8 { get; }

    /// <summary>The connection is kept for the next check (HTTP/1.1 keep-alive): reuse-connection on a plain http check.</summary>
    public bool KeepsConnection { get; }

    /// <summary>The whole request (with Connection: close unless the connection is kept).</summary>
    public byte[] Request { get; }

    /// <summary>TLS settings for https; null for plain http.</summary>
    public SslClientAuthenticationOptions? Tls { get; }

    /// <summary>Whether the body is read (a content check) or the status line decides alone.</summary>
    public bool ReadsBody { get; }

    /// <summary>A HEAD request's answer has no body, whatever its headers say.</summary>
    public bool HeadRequest { get; }

    public static PreparedHttpTarget For(CheckTarget target) => Cache.GetValue(target, static t => new PreparedHttpTarget(t));
}
