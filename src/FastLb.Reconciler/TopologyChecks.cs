// Checks a config against the namespace it will run in: SNAT addresses, the inside interface, transparent reals' next hops.
using System.Net;
using System.Net.NetworkInformation;
using FastLb.Interop.Netns;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// What the config reader cannot know: whether the namespace FastLb serves in holds each
/// `snat:` address, the `inside-interface:`, and an on-link path to every transparent real
/// that has no `mac:`. Collects every problem, each with its config location.
/// </summary>
public static class TopologyChecks
{
    /// <summary>Every problem of <paramref name="config"/> in <paramref name="ns"/> (null: this process's namespace).</summary>
    public static IReadOnlyList<string> Find(FastLbConfig config, NetworkNamespace? ns)
    {
        var (interfaces, routes) = ns is null ? Read() : ns.Run(Read);
        var where = ns is null ? "this process's network namespace" : $"network namespace '{ns.Name}'";
        var file = config.SourceFile ?? "<config>";
        var problems = new List<string>();

        if (config.InsideInterface is { } inside)
        {
            if (inside == config.Interface)
            {
                problems.Add($"{file}: inside-interface '{inside}' is the same as interface; inline needs two interfaces (leave inside-interface out for one-arm)");
            }
            else if (!interfaces.ContainsKey(inside))
            {
                problems.Add($"{file}: inside-interface '{inside}' does not exist in {where}");
            }
        }

        var assigned = interfaces.SelectMany(i => i.Value).ToHashSet();
        foreach (var service in config.Services)
        {
            if (service.Snat is { } snat && !assigned.Contains(snat))
            {
                problems.Add($"{service.Location}: service '{service.Name}': snat address {snat} is not assigned to any interface in {where}; replies to it would never reach FastLb");
            }
            if (service.Mode != ForwardingMode.Transparent)
            {
                continue;
            }
            var serving = config.InsideInterface ?? config.Interface;
            IEnumerable<RealConfig> reals = service.Backup is null ? service.Reals : [.. service.Reals, service.Backup];
            foreach (var real in reals.Where(r => r.Mac is null && !routes.OnLink(r.Address, serving)))
            {
                problems.Add($"{real.Location}: real {real.Endpoint} of service '{service.Name}' has no 'mac', and {where} has no on-link route or neighbour for {real.Address} on {serving}; "
                    + "transparent mode needs the real's MAC: give 'mac' or an address on that segment");
            }
        }
        return problems;
    }

    /// <summary>Throws <see cref="TopologyException"/> listing every problem, if any.</summary>
    public static void Ensure(FastLbConfig config, NetworkNamespace? ns)
    {
        var problems = Find(config, ns);
        if (problems.Count > 0)
        {
            throw new TopologyException(problems);
        }
    }

    private static (Dictionary<string, IPAddress[]> Interfaces, KernelRoutes Routes) Read()
    {
        var interfaces = NetworkInterface.GetAllNetworkInterfaces().ToDictionary(
            n => n.Name,
            n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address).Select(Plain).ToArray(),
            StringComparer.Ordinal);
        return (interfaces, KernelRoutes.ReadCurrent());
    }

    /// <summary>Link-local IPv6 addresses carry a scope id; config addresses never do.</summary>
    private static IPAddress Plain(IPAddress a) =>
        a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && a.ScopeId != 0 ? new IPAddress(a.GetAddressBytes()) : a;
}
