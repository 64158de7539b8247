using System.Security.Cryptography.X509Certificates;

namespace FastLb.Lab;

/// <summary>What a <see cref="LabHttpServer"/> answers: by default 200 with "served-by: IDENTITY".</summary>
public sealed record LabHttpServerOptions
{
    /// <summary>Names the server in the X-Served-By header and the default body.</summary>
    public required string Identity { get; init; }

    public int Status { get; init; } = 200;

    /// <summary>The response body; null: "served-by: IDENTITY\n".</summary>
    public string? Body { get; init; }

    /// <summary>Accept (and finish TLS) but never read or answer, until the server stops: a hung real.</summary>
    public bool Hang { get; init; }

    /// <summary>Serve HTTPS with this certificate (it needs its private key).</summary>
    public X509Certificate2? Certificate { get; init; }
}
