// Reads a service: its values, the keys its mode allows, its check, backup and reals.
using System.Net;
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class ServiceReader(NodeReader reader)
{
    private readonly KeyTableReader _table = new(reader);
    private readonly CheckReader _checks = new(reader);
    private readonly RealReader _reals = new(reader);

    /// <summary>The draft, or null when the node is not a mapping.</summary>
    public ServiceDraft? Read(YamlNode node)
    {
        if (reader.Section(node, "service", "service", ServiceKeys.All) is not { } map)
        {
            return null;
        }

        var values = _table.Read(map, ServiceKeys.All);
        var mode = values.Value<ForwardingMode>("mode");
        if (mode is not null)
        {
            _table.CheckScopes(map, ServiceKeys.All, mode.Value);
        }

        var service = new ServiceDraft(map)
        {
            Name = values.Ref<string>("name"),
            Vip = values.Ref<IPAddress>("vip"),
            Port = values.Value<ushort>("port"),
            Protocol = values.Value<L4Protocol>("protocol"),
            Mode = mode,
            Algorithm = values.Value<SchedulingAlgorithm>("algorithm"),
            RingSize = values.Value<int>("ring-size"),
            OnAllDown = values.Value<AllDownPolicy>("on-all-down"),
            Snat = values.Ref<IPAddress>("snat"),
            SnatPorts = values.Value<PortRange>("snat-ports"),
            AnswerArp = values.Value<bool>("answer-arp"),
            GuePort = values.Value<ushort>("gue-port"),
            Stateless = values.Value<bool>("stateless"),
            HashFields = values.Value<FlowFields>("hash-fields"),
            StickyFields = values.Value<FlowFields>("sticky-fields"),
            StickyTimeout = values.Value<TimeSpan>("sticky-timeout"),
        };
        CheckAlgorithmKeys(map, service.Algorithm);
        CheckStateless(map, service);

        SectionMap? checkMap = null;
        if (map["check"] is { } checkNode && _checks.Section(checkNode) is { } section)
        {
            checkMap = section;
            service.Check = _checks.Read(section);
        }

        if (map["backup"] is { } backupNode)
        {
            service.Backup = _reals.Read(backupNode, service, checkMap, isBackup: true);
        }

        ReadReals(map, service, checkMap);
        return service;
    }

    // Keys of one algorithm written for another would be silently ignored: refuse them.
    private void CheckAlgorithmKeys(SectionMap map, SchedulingAlgorithm? algorithm)
    {
        if (algorithm is not { } a)
        {
            return;
        }
        foreach (var (key, only) in new[] { ("hash-fields", SchedulingAlgorithm.Hash), ("sticky-fields", SchedulingAlgorithm.Sticky), ("sticky-timeout", SchedulingAlgorithm.Sticky) })
        {
            if (a != only && map.Entries.FirstOrDefault(e => e.Key == key).KeyNode is { } node)
            {
                reader.Error(node, $"'{key}' applies only to algorithm {ConfigNames<SchedulingAlgorithm>.Of(only)}, not {ConfigNames<SchedulingAlgorithm>.Of(a)} (remove it, or change 'algorithm')");
            }
        }
    }

    // Round robin, least connections and sticky keep state per flow or client: only a hash places alone.
    private void CheckStateless(SectionMap map, ServiceDraft service)
    {
        if (service.Stateless != true || service.Algorithm is not { } a || a is SchedulingAlgorithm.Maglev or SchedulingAlgorithm.Hash)
        {
            return;
        }
        var node = map.Entries.First(e => e.Key == "stateless").KeyNode;
        reader.Error(node, $"'stateless' needs algorithm maglev or hash, not {ConfigNames<SchedulingAlgorithm>.Of(a)}, which keeps state per flow or client (remove it, or change 'algorithm')");
    }

    private void ReadReals(SectionMap map, ServiceDraft service, SectionMap? checkMap)
    {
        var node = map["reals"];
        service.RealsNode = node;
        if (node is null)
        {
            reader.Error(map.Node, $"{service.Label} has no reals");
            return;
        }

        if (reader.List(node, "reals") is not { } items)
        {
            return;
        }

        service.RealItems = items.Count;
        if (items.Count == 0)
        {
            reader.Error(node, $"{service.Label} has no reals");
            return;
        }

        service.Reals.AddRange(items.Select(item => _reals.Read(item, service, checkMap, isBackup: false)).OfType<RealDraft>());
    }
}
