// What every FastLb lab has: a client, FastLb's namespace and three reals, with fixed names, MACs and addresses.
using System.Net;

namespace FastLb.Lab;

/// <summary>
/// The part every lab shares: namespaces PREFIX-cl (client), PREFIX-lb (FastLb) and
/// PREFIX-r1..r3 (reals, serving as real1..real3), their interfaces of the same names, fixed
/// locally administered MACs, the documentation addresses of client, VIP and reals, and removal of
/// every namespace the lab created. A subclass builds its own topology between them.
/// </summary>
public abstract class ThreeRealLab : IDisposable
{
    public const int RealCount = 3;

    private protected ThreeRealLab(string prefix)
    {
        Prefix = prefix;
        Namespaces = new LabNamespaces(prefix);
    }

    public string Prefix { get; }

    public LabNamespace Client { get; internal set; } = null!;

    public LabNamespace Lb { get; internal set; } = null!;

    public IReadOnlyList<LabNamespace> Reals { get; internal set; } = [];

    /// <summary>The client's veth, inside <see cref="Client"/>.</summary>
    public string ClientInterface => Prefix + "-cl";

    /// <summary>FastLb's veth, inside <see cref="Lb"/>: its `interface:` (the outside one when inline).</summary>
    public string LbInterface => Prefix + "-lb";

    /// <summary>Each real's veth, inside its namespace in <see cref="Reals"/>.</summary>
    public IReadOnlyList<string> RealInterfaces => [.. Enumerable.Range(1, RealCount).Select(i => $"{Prefix}-r{i}")];

    /// <summary>The bridge joining the reals (in the switch or the router).</summary>
    public string BridgeInterface => Prefix + "-br";

    public string ClientMac => "02:00:00:00:00:10";

    public string LbMac => "02:00:00:00:00:02";

    public IReadOnlyList<string> RealMacs { get; } = ["02:00:00:00:00:11", "02:00:00:00:00:12", "02:00:00:00:00:13"];

    /// <summary>The identity each real's server reports: real1, real2, real3.</summary>
    public IReadOnlyList<string> RealNames { get; } = ["real1", "real2", "real3"];

    public IPAddress ClientAddress { get; } = IPAddress.Parse("198.51.100.10");

    public IPAddress ClientAddressV6 { get; } = IPAddress.Parse("2001:db8:1::10");

    public IPAddress Vip { get; } = IPAddress.Parse("203.0.113.10");

    public IPAddress VipV6 { get; } = IPAddress.Parse("2001:db8:3::10");

    public IReadOnlyList<IPAddress> RealAddresses { get; } = [IPAddress.Parse("192.0.2.11"), IPAddress.Parse("192.0.2.12"), IPAddress.Parse("192.0.2.13")];

    public IReadOnlyList<IPAddress> RealAddressesV6 { get; } = [IPAddress.Parse("2001:db8:2::11"), IPAddress.Parse("2001:db8:2::12"), IPAddress.Parse("2001:db8:2::13")];

    private protected LabNamespaces Namespaces { get; }

    /// <summary>An HTTP server in every real on <paramref name="port"/> (any address, so the VIPs too), named real1..real3, answering <paramref name="body"/> if given.</summary>
    public LabHttpServers StartHttpServers(int port, string? body = null) =>
        LabNamespaces.StartHttpServers(RealCount, i => LabHttpServer.Start(Reals[i].Namespace, IPAddress.IPv6Any, port, new LabHttpServerOptions { Identity = RealNames[i], Body = body }));

    /// <summary>Deletes every namespace this lab created (their veths and bridges go with them).</summary>
    public void Dispose()
    {
        Namespaces.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A new namespace PREFIX-SUFFIX owned by the lab, with rp_filter and DAD off.</summary>
    internal LabNamespace NewNamespace(string suffix) => Namespaces.New(suffix);
}
