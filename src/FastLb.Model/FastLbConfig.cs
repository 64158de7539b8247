// The whole validated configuration: the interfaces to serve on and every service.
namespace FastLb.Model;

/// <summary>
/// The root of a loaded configuration. Namespace is the network namespace holding
/// Interface (null: the current one). Equality is generated: every property counts, services
/// in order; SourceFile does not (it is held in a <see cref="NotCompared{T}"/>).
/// </summary>
public sealed record FastLbConfig(
    string Interface,
    string? Namespace,
    string MetricsListen,
    IReadOnlyList<ServiceConfig> Services)
{
    public const string DefaultMetricsListen = "127.0.0.1:9100";

    /// <summary>The instance when `instance:` is absent.</summary>
    public const string DefaultInstance = "default";

    private readonly EquatableList<ServiceConfig> _services = EquatableList<ServiceConfig>.From(Services);
    private readonly NotCompared<string?> _sourceFile;
    private readonly NotCompared<IReadOnlyDictionary<string, ConfigLocation>> _keyLocations = new(new Dictionary<string, ConfigLocation>());

    public IReadOnlyList<ServiceConfig> Services
    {
        get => _services;
        init => _services = EquatableList<ServiceConfig>.From(value);
    }

    /// <summary>File the configuration was read from; null when parsed from a string without one.</summary>
    public string? SourceFile
    {
        get => _sourceFile.Value;
        init => _sourceFile = new(value);
    }

    /// <summary>Where each top-level key was written (keys left out are absent); not compared.</summary>
    public IReadOnlyDictionary<string, ConfigLocation> KeyLocations
    {
        get => _keyLocations.Value;
        init => _keyLocations = new(value);
    }

    /// <summary>Where <paramref name="key"/> was written, else the top of the file.</summary>
    public ConfigLocation LocationOf(string key) =>
        KeyLocations.TryGetValue(key, out var at) ? at : new ConfigLocation(SourceFile ?? ConfigLocation.None.File, 1, 1);

    /// <summary>`inside-interface:` the server-side interface (inline topology); null: one-arm.</summary>
    public string? InsideInterface { get; init; }

    /// <summary>`encap-source: v4:` FastLb's outer IPv4 source for dsr-ipip / dsr-gue; null: none.</summary>
    public EncapSource? EncapSource4 { get; init; }

    /// <summary>`encap-source: v6:` FastLb's outer IPv6 source; null: none.</summary>
    public EncapSource? EncapSource6 { get; init; }
    /// <summary>`flow-table-size:` entries of the connection table, sized when the program is loaded.</summary>
    public int FlowTableSize { get; init; } = DefaultFlowTableSize;

    /// <summary>`max-services:` entries of every map indexed by service, sized when the program is loaded; 0 (a config built in code): the data plane's default.</summary>
    public int MaxServices { get; init; }

    /// <summary>`max-reals:` entries of every map indexed by real (backups included), sized when the program is loaded; 0: the data plane's default.</summary>
    public int MaxReals { get; init; }

    /// <summary>`timeouts:` idle timeouts by flow state, fixed when the program is loaded.</summary>
    public FlowTimeouts Timeouts { get; init; } = FlowTimeouts.Default;

    /// <summary>4 Mi flows: a 256 MiB connection table (64 bytes a slot; see README). Rounded up to a power of two at load.</summary>
    public const int DefaultFlowTableSize = 4_194_304;

    public const int MinFlowTableSize = 1024;

    /// <summary>`flow-recount-interval:` how often the controller recounts the flow tables (active flows per real, entries).</summary>
    public TimeSpan FlowRecountInterval { get; init; } = DefaultFlowRecountInterval;

    public static readonly TimeSpan DefaultFlowRecountInterval = TimeSpan.FromSeconds(10);

    /// <summary>A recount walks every entry: more often than this would cost more than the drift it fixes.</summary>
    public static readonly TimeSpan MinFlowRecountInterval = TimeSpan.FromSeconds(1);

    /// <summary>64 Mi slots, 4 GiB of connection table.</summary>
    public const int MaxFlowTableSize = 1 << 26;
    /// <summary>`instance:` names this controller's pinned state (/sys/fs/bpf/fastlb/NAME) and admin socket.</summary>
    public string Instance { get; init; } = DefaultInstance;

    /// <summary>`admin:` a loopback ADDRESS:PORT for the admin API instead of its unix socket; null: the socket.</summary>
    public string? AdminListen { get; init; }
}
