// The whole validated configuration: the interface to serve on and every service.
namespace FastLb.Model;

/// <summary>
/// The root of a loaded configuration. Namespace is the network namespace holding
/// Interface (null: the current one). Equality compares services in order and ignores
/// SourceFile.
/// </summary>
public sealed record FastLbConfig(
    string Interface,
    string? Namespace,
    string MetricsListen,
    IReadOnlyList<ServiceConfig> Services)
{
    public const string DefaultMetricsListen = "127.0.0.1:9100";

    /// <summary>Limits of the data plane (FASTLB_MAX_SERVICES, FASTLB_MAX_REALS in bpf/lib/abi.h).</summary>
    public const int MaxServices = 64;

    public const int MaxReals = 4096;

    /// <summary>File the configuration was read from; null when parsed from a string without one.</summary>
    public string? SourceFile { get; init; }

    /// <summary>`inside-interface:` the server-side interface (inline topology); null: one-arm.</summary>
    public string? InsideInterface { get; init; }

    public bool Equals(FastLbConfig? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && Interface == other.Interface
            && Namespace == other.Namespace
            && MetricsListen == other.MetricsListen
            && InsideInterface == other.InsideInterface
            && Services.SequenceEqual(other.Services));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Interface);
        hash.Add(Namespace);
        hash.Add(MetricsListen);
        hash.Add(InsideInterface);
        foreach (var service in Services)
        {
            hash.Add(service);
        }

        return hash.ToHashCode();
    }
}
