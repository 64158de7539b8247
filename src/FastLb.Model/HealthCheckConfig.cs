// One active health check, every field resolved; equal configs may share one probe.
using System.Net;

namespace FastLb.Model;

/// <summary>
/// A health check with defaults filled in. Equality is by value, including the header map,
/// status list and UDP payloads, so the health subsystem can deduplicate probes by
/// (target address, port, config). In a real's effective check Address and Port are set.
/// </summary>
public sealed record HealthCheckConfig
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);
    public const int DefaultRise = 2;
    public const int DefaultFall = 3;
    public const int DefaultMaxBytes = 65536;

    private static readonly IReadOnlyDictionary<string, string> NoHeaders =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private static readonly IReadOnlyList<int> Status200 = [200];

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

    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    /// <summary>HTTP statuses that count as success.</summary>
    public IReadOnlyList<int> ExpectStatus { get; init; } = Status200;

    /// <summary>TLS server name (https); null means Host, else no SNI.</summary>
    public string? Sni { get; init; }

    public bool VerifyCertificate { get; init; } = true;

    /// <summary>Substring the body must contain (any HTTP-family check when set; http-content needs this or Regex).</summary>
    public string? Contains { get; init; }

    /// <summary>Regular expression the body must match (same rules as Contains).</summary>
    public string? Regex { get; init; }

    /// <summary>Most body bytes read for Contains/Regex.</summary>
    public int MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>UDP payload sent.</summary>
    public byte[]? Send { get; init; }

    /// <summary>UDP: the reply must start with these bytes; null means any reply.</summary>
    public byte[]? Expect { get; init; }

    /// <summary>DNS: name queried.</summary>
    public string? DnsName { get; init; }

    /// <summary>DNS: record type queried (A, AAAA, ...).</summary>
    public string DnsType { get; init; } = "A";

    public bool Equals(HealthCheckConfig? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && Type == other.Type
            && Interval == other.Interval
            && Timeout == other.Timeout
            && Rise == other.Rise
            && Fall == other.Fall
            && Jitter == other.Jitter
            && Initial == other.Initial
            && Equals(Address, other.Address)
            && Port == other.Port
            && Method == other.Method
            && Path == other.Path
            && Host == other.Host
            && HeadersEqual(Headers, other.Headers)
            && ExpectStatus.SequenceEqual(other.ExpectStatus)
            && Sni == other.Sni
            && VerifyCertificate == other.VerifyCertificate
            && Contains == other.Contains
            && Regex == other.Regex
            && MaxBytes == other.MaxBytes
            && BytesEqual(Send, other.Send)
            && BytesEqual(Expect, other.Expect)
            && DnsName == other.DnsName
            && DnsType == other.DnsType;
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.Add(Interval);
        hash.Add(Timeout);
        hash.Add(Rise);
        hash.Add(Fall);
        hash.Add(Jitter);
        hash.Add(Initial);
        hash.Add(Address);
        hash.Add(Port);
        hash.Add(Method);
        hash.Add(Path);
        hash.Add(Host);

        // Order-independent over the header map.
        int headers = 0;
        foreach (var (key, value) in Headers)
        {
            headers ^= HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key), value);
        }

        hash.Add(headers);
        foreach (int status in ExpectStatus)
        {
            hash.Add(status);
        }

        hash.Add(Sni);
        hash.Add(VerifyCertificate);
        hash.Add(Contains);
        hash.Add(Regex);
        hash.Add(MaxBytes);
        if (Send is not null)
        {
            hash.AddBytes(Send);
        }

        if (Expect is not null)
        {
            hash.AddBytes(Expect);
        }

        hash.Add(DnsName);
        hash.Add(DnsType);
        return hash.ToHashCode();
    }

    private static bool BytesEqual(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static bool HeadersEqual(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }
}
