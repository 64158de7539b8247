// The demo's lab for each mode: which topology `fastlb demo --mode` builds and which embedded config serves it.
using System.Net;
using FastLb.Lab;

namespace FastLb.Host;

/// <summary>
/// A built demo lab, whatever its mode: the client to send from, the VIP, the reals and their
/// running HTTP servers. Disposing stops the servers and removes the lab.
/// </summary>
public sealed class DemoLab : IAsyncDisposable
{
    /// <summary>The modes `--mode` accepts; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Modes = ["dsr-l2", "routed", "transparent"];

    private readonly ThreeRealLab _lab;
    private readonly LabHttpServers _servers;

    private DemoLab(ThreeRealLab lab, LabHttpServers servers)
    {
        _lab = lab;
        _servers = servers;
    }

    public LabNamespace Client => _lab.Client;

    public IPAddress Vip { get; } = IPAddress.Parse("203.0.113.10");

    public int Port => 80;

    public IReadOnlyList<string> RealNames => _lab.RealNames;

    public IReadOnlyList<IPAddress> RealAddresses => _lab.RealAddresses;

    public IReadOnlyList<LabHttpServer> Servers => _servers;

    /// <summary>The embedded config of <paramref name="mode"/> (demo.yaml, demo-routed.yaml, demo-transparent.yaml).</summary>
    public static string ResourceName(string mode) => mode switch
    {
        "dsr-l2" => "demo.yaml",
        "routed" => "demo-routed.yaml",
        "transparent" => "demo-transparent.yaml",
        _ => throw new ArgumentException($"unknown demo mode '{mode}' (known: {string.Join(", ", Modes)})", nameof(mode)),
    };

    /// <summary>The text of <paramref name="mode"/>'s embedded config.</summary>
    public static string ConfigYaml(string mode)
    {
        var name = ResourceName(mode);
        using var stream = typeof(DemoLab).Assembly.GetManifestResourceStream("FastLb.Host." + name)
            ?? throw new InvalidOperationException($"embedded {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>One line on what <paramref name="mode"/>'s lab looks like, for the demo's output.</summary>
    public static string Describe(string mode) => mode switch
    {
        "routed" => "routed inline: client 198.51.100.10 -> FastLb (198.51.100.1 | 192.0.2.1) -> reals 192.0.2.11-13:8080, VIP 203.0.113.10:80",
        "transparent" => "transparent inline: client 198.51.100.10 -> router 192.0.2.1 -> FastLb (no address) -> reals 192.0.2.11-13:8080, VIP 203.0.113.10:80",
        _ => "L2 DSR one-arm: client 198.51.100.10, load balancer 192.0.2.2, reals 192.0.2.11-13, VIP 203.0.113.10:80",
    };

    /// <summary>Builds <paramref name="mode"/>'s lab under <paramref name="prefix"/> and starts its servers.</summary>
    public static DemoLab Build(string mode, string prefix)
    {
        ResourceName(mode);
        if (mode == "dsr-l2")
        {
            var dsr = DsrL2Lab.Create(prefix);
            return Start(dsr, () => dsr.StartHttpServers(80));
        }
        var lab = ModeLab.Create(mode == "routed" ? ModeTopology.RoutedInline : ModeTopology.TransparentInline, prefix);
        return Start(lab, lab.StartHttpServers);
    }

    public async ValueTask DisposeAsync()
    {
        await _servers.DisposeAsync().ConfigureAwait(false);
        _lab.Dispose();
    }

    private static DemoLab Start(ThreeRealLab lab, Func<LabHttpServers> servers)
    {
        try
        {
            return new DemoLab(lab, servers());
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }
}
