// Small configurations for the tests, written as YAML and loaded through the real loader.
using System.Globalization;
using System.Text;

namespace FastLb.Reconciler.Tests;

internal static class Configs
{
    /// <summary>One real of a service: name, last octet of 192.0.2.x, weight.</summary>
    public sealed record R(string Name, int Octet, int Weight = 1);

    /// <summary>A service: name, last octet of its VIP 203.0.113.x, ring size, reals, optional backup octet.</summary>
    public sealed record S(string Name, int VipOctet, int RingSize, IReadOnlyList<R> Reals, int? BackupOctet = null, ushort Port = 80);

    /// <summary>The service most tests start from: three reals on a 101-slot ring.</summary>
    public static readonly S Web = new("web", 10, 101, [new("r1", 11), new("r2", 12), new("r3", 13)]);

    /// <summary>A second service beside <see cref="Web"/>: port 53, two reals on a 13-slot ring.</summary>
    public static readonly S DnsService = new("dns", 20, 13, [new("d1", 21), new("d2", 22)], Port: 53);

    public static FastLbConfig Build(string iface, string? ns, params S[] services)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"interface: {iface}\n");
        if (ns is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"namespace: {ns}\n");
        }
        sb.Append("services:\n");
        foreach (var s in services)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  - name: {s.Name}\n    vip: 203.0.113.{s.VipOctet}\n    port: {s.Port}\n    protocol: tcp\n    ring-size: {s.RingSize}\n");
            if (s.BackupOctet is { } b)
            {
                sb.Append(CultureInfo.InvariantCulture, $"    on-all-down: backup\n    backup: {{name: {s.Name}-backup, address: 192.0.2.{b}, mac: \"{Mac(b)}\"}}\n");
            }
            sb.Append("    reals:\n");
            foreach (var r in s.Reals)
            {
                sb.Append(CultureInfo.InvariantCulture, $"      - {{name: {r.Name}, address: 192.0.2.{r.Octet}, mac: \"{Mac(r.Octet)}\", weight: {r.Weight}}}\n");
            }
        }
        return ConfigLoader.Parse(sb.ToString(), "test.yaml", DataPlaneLimits.Config);
    }

    public static FastLbConfig Build(params S[] services) => Build("eth0", null, services);

    public static string Mac(int octet) => $"02:00:00:00:00:{octet:x2}";

    /// <summary>Services on 203.0.113.10 ports firstPort.., each with reals 192.0.2.1.. on the service port.</summary>
    public static FastLbConfig Many(int services, int realsEach, int firstPort)
    {
        var template = Build(new S("web", 10, 101, [new("r1", 11)]));
        var svc = template.Services[0];
        var list = new List<ServiceConfig>();
        for (var s = 0; s < services; s++)
        {
            var port = (ushort)(firstPort + s);
            var reals = Enumerable.Range(1, realsEach)
                .Select(i => svc.Reals[0] with { Name = $"s{s}r{i}", Address = System.Net.IPAddress.Parse($"192.0.2.{i}"), Port = port })
                .ToList();
            list.Add(svc with { Name = $"s{s}", Port = port, RingSize = 251, Reals = reals });
        }
        return template with { Services = list };
    }
}
