// A service as read, before the cross-object rules: values that failed to read are null.
using System.Net;
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class ServiceDraft(SectionMap map)
{
    public SectionMap Map { get; } = map;

    public string? Name { get; init; }

    /// <summary>"service 'web'", or "service" while the name is unknown.</summary>
    public string Label => Name is null ? "service" : $"service '{Name}'";

    public IPAddress? Vip { get; init; }

    public ushort? Port { get; init; }

    public L4Protocol? Protocol { get; init; }

    public ForwardingMode? Mode { get; init; }

    public SchedulingAlgorithm? Algorithm { get; init; }

    public int? RingSize { get; init; }

    public AllDownPolicy? OnAllDown { get; init; }

    public IPAddress? Snat { get; init; }

    public PortRange? SnatPorts { get; init; }

    public bool? AnswerArp { get; init; }

    public ushort? GuePort { get; init; }

    public bool? Stateless { get; init; }

    public FlowFields? HashFields { get; init; }

    public FlowFields? StickyFields { get; init; }

    public TimeSpan? StickyTimeout { get; init; }

    public HealthCheckConfig? Check { get; set; }

    public RealDraft? Backup { get; set; }

    public List<RealDraft> Reals { get; } = [];

    /// <summary>The 'reals' list node and how many items it has (readable or not).</summary>
    public YamlNode? RealsNode { get; set; }

    public int RealItems { get; set; }
}
