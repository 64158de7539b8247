// The default probe for each check type.
using FastLb.Health.Probes;
using FastLb.Model;

namespace FastLb.Health;

public static class HealthProbes
{
    private static readonly IHealthProbe Icmp = new IcmpProbe();
    private static readonly IHealthProbe Tcp = new TcpProbe();
    private static readonly IHealthProbe Http = new HttpProbe();
    private static readonly IHealthProbe Udp = new UdpProbe();
    private static readonly IHealthProbe Dns = new DnsProbe();

    /// <summary>The built-in probe for <paramref name="type"/>; probes are stateless and shared.</summary>
    public static IHealthProbe For(CheckType type) => type switch
    {
        CheckType.Icmp => Icmp,
        CheckType.Tcp or CheckType.TcpHalfOpen => Tcp,
        CheckType.Http or CheckType.Https or CheckType.HttpContent => Http,
        CheckType.Udp => Udp,
        CheckType.Dns => Dns,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown check type"),
    };
}
