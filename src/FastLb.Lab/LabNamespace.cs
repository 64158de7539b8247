using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using FastLb.Interop.Netns;

namespace FastLb.Lab;

/// <summary>
/// A network namespace this process created (ip netns add), with loopback up. Disposing
/// deletes it, which also destroys every interface still inside it. One the process has not
/// disposed is deleted when it exits, or when SIGTERM ends it (since .NET 10 a SIGTERM ends a
/// process without raising ProcessExit), so a bench or test host stopped by a signal leaves none.
/// </summary>
public sealed class LabNamespace : IDisposable
{
    /// <summary>Namespaces created and not yet disposed, by name.</summary>
    private static readonly ConcurrentDictionary<string, byte> s_live = new();

    /// <summary>The SIGTERM hook, made with the first namespace and kept for the process's life.</summary>
    private static readonly Lazy<PosixSignalRegistration> s_hook = new(() =>
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteLive();
        // Not cancelled: the signal's default action (the process ends) follows.
        return PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => DeleteLive());
    });

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
        _ = s_hook.Value;
        Command.Run("ip", "netns", "add", name);
        s_live[name] = 0;
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
        if (s_live.TryRemove(Name, out _))
        {
            Command.TryRun("ip", "netns", "del", Name);
        }
    }

    /// <summary>Deletes every namespace created and not disposed (each once, whoever calls first).</summary>
    private static void DeleteLive()
    {
        foreach (var name in s_live.Keys)
        {
            if (s_live.TryRemove(name, out _))
            {
                Command.TryRun("ip", "netns", "del", name);
            }
        }
    }
}
