// One active health check, every field resolved; equal configs may share one probe.
using System.Net;

namespace FastLb.Model;

/// <summary>
/// A health check with defaults filled in. Equality is generated and by value, the header
/// map (any order, names without case), status list and UDP payloads included, so the health
/// subsystem can deduplicate probes by (target address, port, config). In a real's effective
/// check Address and Port are set.
/// </summary>
public sealed record HealthCheckConfig
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);
    public const int DefaultRise = 2;
    public const int DefaultFall = 3;
    public const int DefaultMaxBytes = 65536;

    private static readonly EquatableList<int> Status200 = new([200]);

    private readonly HeaderMap _headers = HeaderMap.Empty;
    private readonly EquatableList<int> _expectStatus = Status200;
    private readonly EquatableList<byte>? _send;
    private readonly EquatableList<byte>? _expect;

    public CheckType Type { get; init; } = CheckType.Tcp;

    public TimeSpan Interval { get; init; } = DefaultInterval;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Consecutive successes that turn a down real up.</summary>
    public int Rise { get; init; } = DefaultRise;

    /// <summary>Consecutive failures that turn an up real down.</summary>
    public int Fall { get; init; } = DefaultFall;

    /// <summary>Largest random delay added to each interval; the loader defaults it to 10% of Interval.</summary>
    public TimeSpan Jitter { get; init; } = DefaultInterval / 10;

    /// <summary>State assumed before the first result.</summary>
    public HealthState Initial { get; init; } = HealthState.Down;

    /// <summary>Address probed; null in a service-level check means "the real's address".</summary>
    public IPAddress? Address { get; init; }

    /// <summary>Port probed; null in a service-level check means "the real's port". Unused by icmp.</summary>
    public ushort? Port { get; init; }

    public string Method { get; init; } = "GET";

    public string Path { get; init; } = "/";

    /// <summary>Host header; null means the probed address.</summary>
    public string? Host { get; init; }

    public IReadOnlyDictionary<string, string> Headers
    {
        get => _headers;
        init => _headers = HeaderMap.From(value);
    }

    /// <summary>HTTP statuses that count as success.</summary>
    public IReadOnlyList<int> ExpectStatus
    {
        get => _expectStatus;
        init => _expectStatus = EquatableList<int>.From(value);
    }

    /// <summary>TLS server name (https); null means Host, else no SNI.</summary>
    public string? Sni { get; init; }

    public bool VerifyCertificate { get; init; } = true;

    /// <summary>Substring the body must contain (any HTTP-family check when set; http-content needs this or Regex).</summary>
    public string? Contains { get; init; }

    /// <summary>Regular expression the body must match (same rules as Contains).</summary>
    public string? Regex { get; init; }

    /// <summary>
    /// http and http-content: keep the connection open between checks (HTTP/1.1 keep-alive); it is
    /// dropped and opened again after any failure or an answer with Connection: close. https never
    /// reuses. The config key reuse-connection defaults to true (the reader fills it in); a check
    /// built in code opens a connection per check unless it sets this.
    /// </summary>
    public bool ReuseConnection { get; init; }

    /// <summary>Most body bytes read for Contains/Regex.</summary>
    public int MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>UDP payload sent.</summary>
    public byte[]? Send
    {
        get => _send?.ToArray();
        init => _send = value is null ? null : new(value);
    }

    /// <summary>UDP: the reply must start with these bytes; null means any reply.</summary>
    public byte[]? Expect
    {
        get => _expect?.ToArray();
        init => _expect = value is null ? null : new(value);
    }

    /// <summary>DNS: name queried.</summary>
    public string? DnsName { get; init; }

    /// <summary>DNS: record type queried (A, AAAA, ...).</summary>
    public string DnsType { get; init; } = "A";
}
