// A real server behind a service: where flows go, with what weight, and how it is checked.
using System.Net;
using System.Net.NetworkInformation;

namespace FastLb.Model;

/// <summary>
/// A real. Weight 0 drains it (existing flows stay, no new ones). Check is the effective
/// check (service check merged with the real's own keys, Address and Port resolved), or
/// null when the service has no check. Equality is generated and ignores Location, so a
/// reload that only moves lines compares equal.
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

    private readonly NotCompared<ConfigLocation> _location = new(ConfigLocation.None);

    public ConfigLocation Location
    {
        get => _location.Value;
        init => _location = new(value);
    }

    /// <summary>"ADDRESS:PORT" ("[v6]:PORT" for IPv6): the default name, also a stable key.</summary>
    public string Endpoint => FormatEndpoint(Address, Port);

    public static string FormatEndpoint(IPAddress address, ushort port) => new IPEndPoint(address, port).ToString();
}
