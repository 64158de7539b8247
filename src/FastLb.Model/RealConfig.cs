// A real server behind a service: where flows go, with what weight, and how it is checked.
using System.Net;
using System.Net.NetworkInformation;

namespace FastLb.Model;

/// <summary>
/// A real. Weight 0 drains it (existing flows stay, no new ones). Check is the effective
/// check (service check merged with the real's own keys, Address and Port resolved), or
/// null when the service has no check. Equality ignores Location, so a reload that only
/// moves lines compares equal.
/// </summary>
public sealed record RealConfig(
    string Name,
    IPAddress Address,
    ushort Port,
    PhysicalAddress? Mac,
    int Weight,
    HealthCheckConfig? Check)
{
    public const int MaxWeight = 65535;

    public ConfigLocation Location { get; init; } = ConfigLocation.None;

    /// <summary>"ADDRESS:PORT" ("[v6]:PORT" for IPv6): the default name, also a stable key.</summary>
    public string Endpoint => FormatEndpoint(Address, Port);

    public static string FormatEndpoint(IPAddress address, ushort port) => new IPEndPoint(address, port).ToString();

    public bool Equals(RealConfig? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && Name == other.Name
            && Address.Equals(other.Address)
            && Port == other.Port
            && Equals(Mac, other.Mac)
            && Weight == other.Weight
            && Equals(Check, other.Check));

    public override int GetHashCode() => HashCode.Combine(Name, Address, Port, Mac, Weight, Check);
}
