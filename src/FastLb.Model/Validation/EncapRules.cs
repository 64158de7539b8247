// L3 DSR rules: an outer source for every family in use, reals on the service port, and one
// GUE port that no UDP service shares (the reals' decapsulator would take its packets for GUE).
using System.Net;
using System.Net.Sockets;
using FastLb.Model.Reading;

namespace FastLb.Model.Validation;

internal sealed class EncapRules(NodeReader reader)
{
    public void Validate(ConfigDraft config)
    {
        var tunnelled = config.Services.Where(s => s.Mode is ForwardingMode.DsrIpip or ForwardingMode.DsrGue).ToList();
        foreach (var service in tunnelled)
        {
            Source(config, service);
            RealPorts(service);
        }

        GuePorts(config, tunnelled.Where(s => s.Mode == ForwardingMode.DsrGue).ToList());
    }

    private void Source(ConfigDraft config, ServiceDraft service)
    {
        if (service.Vip is not { } vip)
        {
            return;
        }

        bool v6 = vip.AddressFamily == AddressFamily.InterNetworkV6;
        if ((v6 ? config.EncapSource6 : config.EncapSource4) is null && !Written(config, v6 ? "v6" : "v4"))
        {
            string key = v6 ? "v6" : "v4";
            reader.Error(service.Map["mode"]!,
                $"{service.Label} is {ConfigNames<ForwardingMode>.Of(service.Mode!.Value)} with an {ConfigValidator.Family(vip)} VIP but 'encap-source' has no {key} (add 'encap-source: {{ {key}: ADDRESS }}' with an {ConfigValidator.Family(vip)} address of FastLb's, the tunnels' outer source)");
        }
    }

    // A v4/v6 entry that failed to read has its own error already.
    private static bool Written(ConfigDraft config, string key) =>
        config.Root["encap-source"] is Model.Yaml.YamlMapping m && m.Entries.Any(e => e.Key is Model.Yaml.YamlScalar { Value: var k } && k == key);

    private void RealPorts(ServiceDraft service)
    {
        foreach (var real in service.Backup is null ? service.Reals : [service.Backup, .. service.Reals])
        {
            if (service.Port is { } servicePort && real.Port is { } port && port != servicePort)
            {
                reader.Error(real.Map["port"] ?? real.Map.Node,
                    $"{real.What} {real.Endpoint}: port {port} differs from the service port {servicePort}, and mode {ConfigNames<ForwardingMode>.Of(service.Mode!.Value)} cannot translate ports (the real must listen on the service port)");
            }
        }
    }

    private void GuePorts(ConfigDraft config, List<ServiceDraft> gue)
    {
        var ports = new Dictionary<ushort, ServiceDraft>();
        ServiceDraft? first = null;
        foreach (var service in gue.Where(s => s.GuePort is not null))
        {
            ports.TryAdd(service.GuePort!.Value, service);
            if (first is null)
            {
                first = service;
            }
            else if (first.GuePort != service.GuePort && SharesReal(first, service))
            {
                reader.Error(service.Map["gue-port"] ?? service.Map["mode"]!,
                    $"{service.Label} tunnels to gue-port {service.GuePort} but {first.Label}, which shares a real with it, to {first.GuePort}: a real's decapsulator listens on one port (give both the same 'gue-port')");
            }
        }

        foreach (var service in config.Services.Where(s => s is { Protocol: L4Protocol.Udp, Port: { } }))
        {
            if (ports.TryGetValue(service.Port!.Value, out var owner))
            {
                reader.Error(service.Map["port"]!,
                    $"{service.Label} is UDP on port {service.Port}, the gue-port of {owner.Label}: the reals' decapsulator would take its packets for GUE (choose another 'gue-port' for {owner.Label}, default {ServiceConfig.DefaultGuePort})");
            }
        }
    }

    private static bool SharesReal(ServiceDraft a, ServiceDraft b)
    {
        var addresses = a.Reals.Select(r => r.Address).OfType<IPAddress>().ToHashSet();
        return b.Reals.Any(r => r.Address is { } address && addresses.Contains(address));
    }
}
