// A load-balanced service: VIP:port/protocol, how it forwards and schedules, and its reals.
using System.Net;

namespace FastLb.Model;

/// <summary>
/// A service. Check is the service-level check as written (Address/Port null unless set);
/// each real carries its effective check. Backup is used only when OnAllDown is Backup.
/// Equality compares the reals in order and ignores Location.
/// </summary>
public sealed record ServiceConfig(
    string Name,
    IPAddress Vip,
    ushort Port,
    L4Protocol Protocol,
    ForwardingMode Mode,
    SchedulingAlgorithm Algorithm,
    int RingSize,
    AllDownPolicy OnAllDown,
    RealConfig? Backup,
    HealthCheckConfig? Check,
    IReadOnlyList<RealConfig> Reals)
{
    public const int DefaultRingSize = 65537;

    public ConfigLocation Location { get; init; } = ConfigLocation.None;

    /// <summary>`snat:` the source address FastLb gives requests (routed, transparent); null: the client's own.</summary>
    public IPAddress? Snat { get; init; }

    /// <summary>`snat-ports:` where SNAT source ports come from.</summary>
    public PortRange SnatPorts { get; init; } = PortRange.DefaultSnat;

    /// <summary>`answer-arp:` answer ARP / neighbour solicitations for the VIP (transparent mode).</summary>
    public bool AnswerArp { get; init; } = true;

    public bool Equals(ServiceConfig? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && Name == other.Name
            && Vip.Equals(other.Vip)
            && Port == other.Port
            && Protocol == other.Protocol
            && Mode == other.Mode
            && Algorithm == other.Algorithm
            && RingSize == other.RingSize
            && OnAllDown == other.OnAllDown
            && Equals(Backup, other.Backup)
            && Equals(Check, other.Check)
            && Equals(Snat, other.Snat)
            && SnatPorts == other.SnatPorts
            && AnswerArp == other.AnswerArp
            && Reals.SequenceEqual(other.Reals));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(Vip);
        hash.Add(Port);
        hash.Add(Protocol);
        hash.Add(Mode);
        hash.Add(Algorithm);
        hash.Add(RingSize);
        hash.Add(OnAllDown);
        hash.Add(Backup);
        hash.Add(Check);
        hash.Add(Snat);
        hash.Add(SnatPorts);
        hash.Add(AnswerArp);
        foreach (var real in Reals)
        {
            hash.Add(real);
        }

        return hash.ToHashCode();
    }
}
