using FastLb.Interop.Netns;

namespace FastLb.Lab;

/// <summary>
/// A network namespace this process created (ip netns add), with loopback up. Disposing
/// deletes it, which also destroys every interface still inside it.
/// </summary>
public sealed class LabNamespace : IDisposable
{
    private bool _disposed;

    private LabNamespace(string name)
    {
        Name = name;
        Namespace = new NetworkNamespace(name);
    }

    public string Name { get; }

    /// <summary>The namespace, for running code (sockets, attach) inside it.</summary>
    public NetworkNamespace Namespace { get; }

    /// <summary>Creates namespace <paramref name="name"/>; fails if it exists already.</summary>
    public static LabNamespace Create(string name)
    {
        Command.Run("ip", "netns", "add", name);
        var ns = new LabNamespace(name);
        try
        {
            ns.Ip("link", "set", "lo", "up");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Runs <c>ip ARGS</c> inside this namespace.</summary>
    public string Ip(params string[] args) => Command.Run("ip", ["-n", Name, .. args]);

    /// <summary>Runs any tool inside this namespace (ip netns exec).</summary>
    public string Exec(string file, params string[] args) => Command.Run("ip", ["netns", "exec", Name, file, .. args]);

    /// <summary>Sets a sysctl inside this namespace, e.g. <c>net.ipv4.conf.all.arp_ignore</c>.</summary>
    public void Sysctl(string key, string value) => Exec("sysctl", "-qw", $"{key}={value}");

    /// <summary>The interface index of <paramref name="ifname"/> inside this namespace.</summary>
    public int IfIndex(string ifname) => int.Parse(Exec("cat", $"/sys/class/net/{ifname}/ifindex").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The MAC address of <paramref name="ifname"/> inside this namespace.</summary>
    public string Mac(string ifname) => Exec("cat", $"/sys/class/net/{ifname}/address").Trim();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Command.TryRun("ip", "netns", "del", Name);
    }
}
