// A whole configuration as read, before the cross-object rules.
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class ConfigDraft(SectionMap root)
{
    public SectionMap Root { get; } = root;

    public string? Interface { get; init; }

    public string? InsideInterface { get; init; }

    public string? Namespace { get; init; }

    public string? MetricsListen { get; init; }

    /// <summary>`encap-source:` v4 and v6 as read; its node, null when absent.</summary>
    public EncapSource? EncapSource4 { get; set; }

    public EncapSource? EncapSource6 { get; set; }
    public int? FlowTableSize { get; init; }

    /// <summary>`max-services:` as read; null when out of range.</summary>
    public int? MaxServices { get; init; }

    /// <summary>`max-reals:` as read; null when out of range.</summary>
    public int? MaxReals { get; init; }

    public FlowTimeouts? Timeouts { get; set; }

    public TimeSpan? FlowRecountInterval { get; set; }
    public string? Instance { get; init; }

    public string? Admin { get; init; }

    public List<ServiceDraft> Services { get; } = [];

    /// <summary>The 'services' list node and how many items it has.</summary>
    public YamlNode? ServicesNode { get; set; }

    public int ServiceItems { get; set; }

    /// <summary>Reals and backups written as mappings, across every service.</summary>
    public int RealMaps => Services.Sum(s => s.Reals.Count + (s.Backup is null ? 0 : 1));
}
