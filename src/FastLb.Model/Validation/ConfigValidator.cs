// The rules across objects, run once every section is read: uniqueness, capacity, ring sizes,
// and per-mode rules. A new mode adds its rules here (and its keys' scopes in the key tables).
using System.Net;
using System.Net.Sockets;
using FastLb.Model.Reading;
using FastLb.Scheduling;

namespace FastLb.Model.Validation;

internal sealed class ConfigValidator(NodeReader reader, ConfigLimits limits)
{
    private readonly ModeRules _modes = new(reader);
    private readonly EncapRules _encap = new(reader);

    public void Validate(ConfigDraft config)
    {
        var names = new Dictionary<string, ServiceDraft>(StringComparer.Ordinal);
        var keys = new Dictionary<(IPAddress, ushort, L4Protocol), ServiceDraft>();
        foreach (var service in config.Services)
        {
            Unique(service, names, keys);
            RingSize(service);
            Backup(service);
            Snat(service);
            Reals(service);
        }

        // An out-of-range size was reported where it is written; its bound still holds here.
        var maxServices = config.MaxServices ?? limits.MaxServices;
        if (config.ServiceItems > maxServices)
        {
            reader.Error(config.ServicesNode!, $"too many services: {config.ServiceItems} (the data plane holds at most {maxServices}{Raise(config, "max-services", maxServices, limits.MaxServices)})");
        }

        var maxReals = config.MaxReals ?? limits.MaxReals;
        if (config.RealMaps > maxReals)
        {
            reader.Error(config.ServicesNode!, $"too many reals: {config.RealMaps} in total, backups included (the data plane holds at most {maxReals}{Raise(config, "max-reals", maxReals, limits.MaxReals)})");
        }

        _modes.Validate(config);
        _encap.Validate(config);
    }

    // Where the size can grow, say how.
    private static string Raise(ConfigDraft config, string key, int now, int ceiling) =>
        now >= ceiling ? "" : config.Root.Has(key) ? $"; raise '{key}', up to {ceiling}" : $"; set '{key}', up to {ceiling}";

    private void Unique(ServiceDraft service, Dictionary<string, ServiceDraft> names, Dictionary<(IPAddress, ushort, L4Protocol), ServiceDraft> keys)
    {
        if (service.Name is { } name && !names.TryAdd(name, service))
        {
            reader.Error(service.Map["name"]!, $"duplicate service name '{name}' (first defined at {reader.Errors.Location(names[name].Map.Node)})");
        }

        if (service is { Vip: { } vip, Port: { } port, Protocol: { } protocol })
        {
            if (keys.TryGetValue((vip, port, protocol), out var other))
            {
                string proto = protocol == L4Protocol.Tcp ? "tcp" : "udp";
                reader.Error(service.Map["port"]!, $"{service.Label} has the same VIP, port and protocol ({RealConfig.FormatEndpoint(vip, port)}/{proto}) as service '{other.Name}'");
            }
            else if (service.Name is not null)
            {
                keys[(vip, port, protocol)] = service;
            }
        }
    }

    private void RingSize(ServiceDraft service)
    {
        var at = service.Map["ring-size"] ?? service.Map.Node;
        if (service.RingSize is not { } size)
        {
            return;
        }

        if (size < 3 || size > limits.MaxRingSize)
        {
            reader.Error(at, $"'ring-size' must be a prime in 3..{limits.MaxRingSize}, got {size}");
            return;
        }

        if (!Primes.IsPrime(size))
        {
            reader.Error(at, $"ring-size {size} is not a prime (the next prime is {Primes.NextPrime(size)})");
            return;
        }

        if (service.RealItems > size)
        {
            reader.Error(service.Map["ring-size"] ?? service.RealsNode!, $"ring-size {size} is smaller than the number of reals ({service.RealItems})");
        }
    }

    private void Backup(ServiceDraft service)
    {
        if (service.OnAllDown == AllDownPolicy.Backup && !service.Map.Has("backup"))
        {
            reader.Error(service.Map["on-all-down"]!, "on-all-down 'backup' requires 'backup'");
        }
    }

    private void Snat(ServiceDraft service)
    {
        if (service.Map["snat-ports"] is { } ports && !service.Map.Has("snat"))
        {
            reader.Error(ports, $"'snat-ports' needs 'snat' in {service.Label} (without 'snat' the real sees the client's address and no port is allocated)");
        }

        if (service is { Snat: { } snat, Vip: { } vip } && snat.AddressFamily != vip.AddressFamily)
        {
            reader.Error(service.Map["snat"]!, $"'snat' {snat} is {Family(snat)} but the VIP {vip} of {service.Label} is {Family(vip)} (use an {Family(vip)} address of FastLb's)");
        }
    }

    private void Reals(ServiceDraft service)
    {
        var endpoints = new HashSet<(IPAddress, ushort)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var real in service.Reals)
        {
            Family(service, real);
            if (real is not { Address: { } address, Port: { } port })
            {
                continue;
            }

            if (!endpoints.Add((address, port)))
            {
                reader.Error(real.Map.Node, $"duplicate real {real.Endpoint} in {service.Label}");
            }
            else if (!names.Add(real.Name ?? real.Endpoint))
            {
                reader.Error(real.Map.Node, $"duplicate real name '{real.Name ?? real.Endpoint}' in {service.Label}");
            }
        }

        if (service.Backup is { } backup)
        {
            Family(service, backup);
        }
    }

    private void Family(ServiceDraft service, RealDraft real)
    {
        if (service.Vip is { } vip && real.Address is { } address && vip.AddressFamily != address.AddressFamily)
        {
            reader.Error(real.Map["address"]!, $"{real.What} {address} is {Family(address)} but the VIP {vip} of {service.Label} is {Family(vip)}");
        }
    }

    internal static string Family(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
}
