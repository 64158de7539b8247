// Reads a real or a backup: its values, and its effective check (the service's merged with its own).
using System.Net;
using System.Net.NetworkInformation;
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class RealReader(NodeReader reader)
{
    private readonly KeyTableReader _table = new(reader);
    private readonly CheckReader _checks = new(reader);

    /// <summary>The draft, or null when the node is not a mapping.</summary>
    public RealDraft? Read(YamlNode node, ServiceDraft service, SectionMap? serviceCheck, bool isBackup)
    {
        string what = isBackup ? "backup" : "real";
        var table = isBackup ? RealKeys.Backup : RealKeys.Real;
        if (reader.Section(node, what, what, table) is not { } map)
        {
            return null;
        }

        var values = _table.Read(map, table);
        var address = values.Ref<IPAddress>("address");
        ushort? port = map.Has("port") ? values.Value<ushort>("port") : service.Port;
        HealthCheckConfig? check = null;
        if (address is not null && port is not null)
        {
            check = Check(map, service, serviceCheck, address, port.Value);
        }

        return new RealDraft(map, isBackup)
        {
            Address = address,
            Port = port,
            Mac = values.Ref<PhysicalAddress>("mac"),
            Weight = isBackup ? 1 : values.Value<int>("weight"),
            Name = values.Ref<string>("name"),
            Check = check,
        };
    }

    private HealthCheckConfig? Check(SectionMap map, ServiceDraft service, SectionMap? serviceCheck, IPAddress address, ushort port)
    {
        // Without its own keys a real has the service's check, read once for all reals.
        var check = service.Check;
        if (map["check"] is { } node)
        {
            var own = _checks.Section(node);
            var checkMap = own is null ? null : serviceCheck is null ? own : SectionMap.Merge(serviceCheck, own);
            check = checkMap is null ? null : _checks.Read(checkMap);
        }

        if (check is null)
        {
            return null;
        }

        return check with
        {
            Address = check.Address ?? address,
            Port = check.Type == CheckType.Icmp ? null : check.Port ?? port,
        };
    }
}
