// A load-balanced service: VIP:port/protocol, how it forwards and schedules, and its reals.
using System.Net;

namespace FastLb.Model;

/// <summary>
/// A service. Check is the service-level check as written (Address/Port null unless set);
/// each real carries its effective check. Backup is used only when OnAllDown is Backup.
/// Equality is generated: every property counts, reals in order; Location does not.
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
    /// <summary>Maglev table size when `ring-size` is not given (the paper's 65537; not the largest allowed).</summary>
    public const int DefaultRingSize = 65537;

    /// <summary>`gue-port` when not given: the UDP port dsr-gue tunnels to (the decapsulator's default too).</summary>
    public const ushort DefaultGuePort = 6080;

    private readonly EquatableList<RealConfig> _reals = EquatableList<RealConfig>.From(Reals);
    private readonly NotCompared<ConfigLocation> _location = new(ConfigLocation.None);

    public IReadOnlyList<RealConfig> Reals
    {
        get => _reals;
        init => _reals = EquatableList<RealConfig>.From(value);
    }

    public ConfigLocation Location
    {
        get => _location.Value;
        init => _location = new(value);
    }

    /// <summary>`snat:` the source address FastLb gives requests (routed, transparent); null: the client's own.</summary>
    public IPAddress? Snat { get; init; }

    /// <summary>`snat-ports:` where SNAT source ports come from.</summary>
    public PortRange SnatPorts { get; init; } = PortRange.DefaultSnat;

    /// <summary>`hash-fields:` the fields a `hash` service hashes (default all five).</summary>
    public FlowFields HashFields { get; init; } = FlowFields.All;

    /// <summary>`sticky-fields:` what identifies a client of a `sticky` service (default its source address).</summary>
    public FlowFields StickyFields { get; init; } = FlowFields.SrcIp;

    /// <summary>`sticky-timeout:` how long an idle client keeps its real (`sticky`).</summary>
    public TimeSpan StickyTimeout { get; init; } = DefaultStickyTimeout;

    /// <summary>Default `sticky-timeout:`.</summary>
    public static readonly TimeSpan DefaultStickyTimeout = TimeSpan.FromMinutes(5);

    /// <summary>`answer-arp:` answer ARP / neighbour solicitations for the VIP (transparent mode).</summary>
    public bool AnswerArp { get; init; } = true;

    /// <summary>`gue-port:` the outer UDP destination port of dsr-gue.</summary>
    public ushort GuePort { get; init; } = DefaultGuePort;

    /// <summary>
    /// `stateless:` every packet is placed by the service's hash and none is kept in the connection
    /// table (DSR modes, algorithm maglev or hash): a flow keeps its real while the hash table does.
    /// </summary>
    public bool Stateless { get; init; }
}
