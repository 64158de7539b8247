// What is probed: address, port, check config and where the probe runs from; also the dedupe key.
using System.Net;
using FastLb.Interop.Netns;
using FastLb.Model;

namespace FastLb.Health;

/// <summary>
/// A probe target and the key that deduplicates probes: two services whose reals resolve
/// to an equal target share one probe. Equality is by address, port, check config (by value),
/// namespace path and source address.
/// </summary>
public sealed record CheckTarget(
    IPAddress Address,
    ushort Port,
    HealthCheckConfig Check,
    NetworkNamespace? Namespace = null,
    IPAddress? Source = null)
{
    /// <summary>The target for a real: the check's Address/Port override the real's when set.</summary>
    public static CheckTarget ForReal(IPAddress realAddress, ushort realPort, HealthCheckConfig check, NetworkNamespace? ns = null, IPAddress? source = null) =>
        new(check.Address ?? realAddress, check.Port ?? realPort, check, ns, source);

    public IPEndPoint EndPoint => new(Address, Port);

    public bool Equals(CheckTarget? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && Address.Equals(other.Address)
            && Port == other.Port
            && Check.Equals(other.Check)
            && Namespace?.Path == other.Namespace?.Path
            && Equals(Source, other.Source));

    public override int GetHashCode() => HashCode.Combine(Address, Port, Check, Namespace?.Path, Source);

    public override string ToString() =>
        $"{ConfigNames<CheckType>.Of(Check.Type)}://{EndPoint}" + (Namespace is null ? "" : $" in {Namespace.Name}");
}
