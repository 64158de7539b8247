// Reads a health check section (a service's, or a real's merged over it) into a HealthCheckConfig.
using System.Globalization;
using System.Net;
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class CheckReader(NodeReader reader)
{
    /// <summary>Most headers and statuses a check may list; a check is read once per real, so lists stay short.</summary>
    public const int MaxListed = 64;

    private readonly KeyTableReader _table = new(reader);

    /// <summary>The check's section, keys checked against the check table; null when not a mapping.</summary>
    public SectionMap? Section(YamlNode node) => reader.Section(node, "check", "check", CheckKeys.All);

    /// <summary>The check, or null when it has errors (reported).</summary>
    public HealthCheckConfig? Read(SectionMap map)
    {
        int before = reader.Errors.Count;
        var values = _table.Read(map, CheckKeys.All);
        var type = values.Value<CheckType>("type");
        if (type is not null)
        {
            _table.CheckScopes(map, CheckKeys.All, type.Value);
        }

        var interval = values.Value<TimeSpan>("interval") ?? HealthCheckConfig.DefaultInterval;
        var timeout = values.Value<TimeSpan>("timeout") ?? HealthCheckConfig.DefaultTimeout;
        var jitter = values.Value<TimeSpan>("jitter") ?? interval / 10;
        if (timeout >= interval)
        {
            reader.Error(map["timeout"] ?? map["interval"] ?? map.Node,
                $"check timeout {DurationParser.Format(timeout)} must be shorter than the interval {DurationParser.Format(interval)}");
        }

        if (map.Has("jitter") && jitter >= interval)
        {
            reader.Error(map["jitter"]!, $"check jitter {DurationParser.Format(jitter)} must be shorter than the interval {DurationParser.Format(interval)}");
        }

        var headers = Headers(map);
        var status = Statuses(map);
        switch (type)
        {
            case CheckType.HttpContent when !map.Has("contains") && !map.Has("regex"):
                reader.Error(map.Node, "http-content check needs 'contains' or 'regex'");
                break;
            case CheckType.Dns when !map.Has("query"):
                reader.Error(map.Node, "dns check needs 'query'");
                break;
            case CheckType.Udp when !map.Has("send"):
                reader.Error(map.Node, "udp check needs 'send'");
                break;
        }

        var initial = values.Value<HealthState>("initial");
        if (reader.Errors.Count > before || type is null || initial is null)
        {
            return null;
        }

        return new HealthCheckConfig
        {
            Type = type.Value,
            Interval = interval,
            Timeout = timeout,
            Rise = values.Value<int>("rise") ?? HealthCheckConfig.DefaultRise,
            Fall = values.Value<int>("fall") ?? HealthCheckConfig.DefaultFall,
            Jitter = jitter,
            Initial = initial.Value,
            Address = values.Ref<IPAddress>("address"),
            Port = values.Value<ushort>("port"),
            Method = values.Ref<string>("method") ?? "GET",
            Path = values.Ref<string>("path") ?? "/",
            Host = values.Ref<string>("host"),
            Headers = headers,
            ExpectStatus = status,
            Sni = values.Ref<string>("sni"),
            VerifyCertificate = values.Value<bool>("verify-cert") ?? true,
            Contains = values.Ref<string>("contains"),
            Regex = values.Ref<string>("regex"),
            ReuseConnection = values.Value<bool>("reuse-connection") ?? type is CheckType.Http or CheckType.HttpContent,
            MaxBytes = values.Value<int>("max-bytes") ?? HealthCheckConfig.DefaultMaxBytes,
            Send = values.Ref<byte[]>("send"),
            Expect = values.Ref<byte[]>("expect"),
            DnsName = values.Ref<string>("query"),
            DnsType = values.Ref<string>("query-type") ?? "A",
        };
    }

    private Dictionary<string, string> Headers(SectionMap map)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (map["headers"] is not { } node)
        {
            return headers;
        }

        if (node is YamlMapping { Entries.Count: > MaxListed } many)
        {
            reader.Error(node, $"'headers' lists {many.Entries.Count} headers (at most {MaxListed})");
            return headers;
        }

        if (reader.Section(node, "headers", "'headers'", null) is not { } headerMap)
        {
            return headers;
        }

        foreach (var (key, keyNode, value) in headerMap.Entries)
        {
            if (key.Length == 0 || key.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c) || !char.IsAscii(c)))
            {
                reader.Error(keyNode, $"invalid header name '{key}'");
            }
            else if (value is not YamlScalar scalar)
            {
                reader.Error(value, $"header '{key}' must have a single value");
            }
            else if (scalar.IsNull || ControlText.HasControl(scalar.Value.Replace("\t", string.Empty, StringComparison.Ordinal)))
            {
                reader.Error(value, $"invalid value for header '{key}'");
            }
            else if (!headers.TryAdd(key, scalar.Value))
            {
                reader.Error(keyNode, $"duplicate header '{key}'");
            }
        }

        return headers;
    }

    private List<int> Statuses(SectionMap map)
    {
        if (map["status"] is not { } node)
        {
            return [200];
        }

        var items = node is YamlList list ? list.Items : [node];
        if (items.Count > MaxListed)
        {
            reader.Error(node, $"'status' lists {items.Count} statuses (at most {MaxListed})");
            return [];
        }

        var statuses = new List<int>();
        foreach (var item in items)
        {
            if (item is YamlScalar { IsNull: false, Value: var text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int status))
            {
                if (status is < 100 or > 599)
                {
                    reader.Error(item, $"'status' values must be 100..599, got {status}");
                }
                else
                {
                    statuses.Add(status);
                }
            }
            else
            {
                reader.Error(item, $"'status' must be an HTTP status or a list of them, got {item.Describe()}");
            }
        }

        if (items.Count == 0)
        {
            reader.Error(node, "'status' must list at least one status");
        }

        return statuses;
    }
}
