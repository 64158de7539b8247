// Reads a section by its key table: each key's value by its kind, defaults, required keys and scopes.
using System.Net;
using System.Net.Sockets;
using System.Text;
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class KeyTableReader(NodeReader reader)
{
    private static readonly string[] DnsTypes = ["A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT"];

    // A check is read once per real; a pattern is compiled once per file.
    private readonly Dictionary<string, string?> _regexErrors = new(StringComparer.Ordinal);

    /// <summary>Every row's value: read when present, the default when absent, null when invalid.</summary>
    public SectionValues Read(SectionMap map, IReadOnlyList<KeyRow> table)
    {
        var values = new SectionValues();
        foreach (var row in table)
        {
            if (row.Type == KeyType.Structure)
            {
                continue;
            }

            if (!map.Has(row.Name))
            {
                if (row.Required)
                {
                    reader.Error(map.Node, $"missing required key '{row.Name}' in {map.Context}");
                }

                values.Set(row.Name, row.Default);
                continue;
            }

            values.Set(row.Name, Value(map, row));
        }

        return values;
    }

    /// <summary>Refuses the keys written where their scope says they do not apply.</summary>
    public void CheckScopes(SectionMap map, IReadOnlyList<KeyRow> table, object discriminator)
    {
        foreach (var (key, keyNode, _) in map.Entries)
        {
            var scope = table.First(row => row.Name == key).Scope;
            if (scope is not null && !scope.Applies(discriminator))
            {
                reader.Error(keyNode, $"'{key}' {scope.Message(discriminator)}");
            }
        }
    }

    private object? Value(SectionMap map, KeyRow row)
    {
        string key = row.Name;
        return row.Type switch
        {
            KeyType.Int => reader.Int(map, key, row.Min, row.Max, row.RangeText),
            KeyType.Port => reader.Int(map, key, 1, 65535) is { } port ? (ushort)port : null,
            KeyType.Bool => reader.Bool(map, key),
            KeyType.Duration => reader.Duration(map, key, row.AllowZero, row.MinDuration),
            KeyType.Choice => reader.Choice(map, row),
            KeyType.FieldList => reader.FieldList(map, key),
            KeyType.FreeText => reader.Text(map, key, free: true),
            KeyType.Regex or KeyType.Payload when reader.Text(map, key, free: true) is { } text => Parse(map[key]!, key, row.Type, text),
            not (KeyType.Regex or KeyType.Payload) when reader.Text(map, key) is { } text => Parse(map[key]!, key, row.Type, text),
            _ => null,
        };
    }

    private object? Parse(YamlNode node, string key, KeyType type, string text)
    {
        string? error = null;
        object? value = text;
        switch (type)
        {
            case KeyType.InterfaceName:
                error = ValueRules.InterfaceName(text);
                break;
            case KeyType.NamespaceName:
                error = ValueRules.NamespaceName(text);
                break;
            case KeyType.InstanceName:
                error = ValueRules.InstanceName(text);
                break;
            case KeyType.Endpoint:
                if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0 || !text.Contains(':')
                    || (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !text.StartsWith('[')))
                {
                    error = $"invalid '{key}' address '{text}' (expected ADDRESS:PORT, e.g. 127.0.0.1:9100)";
                }
                else if (key == "admin" && !IPAddress.IsLoopback(endpoint.Address))
                {
                    error = $"'admin' address '{text}' is not a loopback address: the admin API is for this host only (use 127.0.0.1:PORT or [::1]:PORT, or leave it out for the unix socket)";
                }

                break;
            case KeyType.Address or KeyType.VipAddress or KeyType.RealAddress or KeyType.SnatAddress:
                (value, error) = Address(key, type, text);
                break;
            case KeyType.Mac:
                var mac = ValueRules.ParseMac(text);
                byte[] bytes = mac?.GetAddressBytes() ?? [];
                value = mac;
                error = mac is null ? $"invalid MAC address '{text}' for '{key}' (expected e.g. 02:00:00:00:00:11)"
                    : (bytes[0] & 1) != 0 || bytes.All(b => b == 0) ? $"MAC address '{text}' is not a unicast address"
                    : null;

                break;
            case KeyType.PortRange:
                value = ValueRules.ParsePortRange(text);
                error = value is null ? $"invalid '{key}' '{text}' (expected FIRST-LAST with 1 <= FIRST <= LAST <= 65535, e.g. 1024-65535)" : null;
                break;
            case KeyType.HttpMethod:
                (value, error) = Method(text);
                break;
            case KeyType.HttpPath:
                error = !text.StartsWith('/') || text.Any(char.IsWhiteSpace) ? $"invalid 'path' '{text}' (must start with '/' and contain no spaces)" : null;
                break;
            case KeyType.Host:
                error = text.Any(c => char.IsWhiteSpace(c) || c is '/' or '@') ? $"invalid 'host' '{text}' (a host name or address, optionally with :port)" : null;
                break;
            case KeyType.DnsName:
                error = ValueRules.DnsName(text);
                break;
            case KeyType.DnsType:
                value = text.ToUpperInvariant();
                error = DnsTypes.Contains((string)value) ? null : $"unsupported query-type '{value}' (supported: {string.Join(", ", DnsTypes)})";
                break;
            case KeyType.Regex:
                if (!_regexErrors.TryGetValue(text, out error))
                {
                    error = RegexError(text);
                    _regexErrors[text] = error;
                }

                break;
            case KeyType.Payload:
                (value, error) = Payload(key, text);
                break;
            case KeyType.EncapSource:
                (value, error) = EncapSourceRules.Parse(key, text);
                break;
        }

        if (error is not null)
        {
            reader.Error(node, error);
            return null;
        }

        return value;
    }

    private static (object? Value, string? Error) Address(string key, KeyType type, string text)
    {
        var address = ValueRules.ParseAddress(text, out string? hint);
        if (address is null)
        {
            return (null, $"invalid IP address '{text}' for '{key}'{hint}");
        }

        string? what = ValueRules.NotUnicast(address, refuseLoopback: type == KeyType.VipAddress);
        string? use = type switch
        {
            KeyType.VipAddress => "a VIP must be a unicast address clients can reach",
            KeyType.RealAddress => "a real must be a unicast address",
            KeyType.SnatAddress => "the SNAT source must be a unicast address of FastLb's",
            _ => "a probed address must be unicast",
        };
        return what is null ? (address, null) : (null, $"'{key}' {text} is {what}; {use}");
    }

    private static (object? Value, string? Error) Method(string text)
    {
        try
        {
            // HttpMethod knows the standard methods in any case and checks a custom one is a token.
            string method = HttpMethod.Parse(text).Method;
            if (method.All(char.IsAsciiLetterUpper))
            {
                return (method, null);
            }
        }
        catch (FormatException)
        {
        }

        return (null, $"invalid HTTP method '{text}' (expected upper-case letters, e.g. GET)");
    }

    private static string? RegexError(string text)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(text, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"invalid regex '{text}': {ex.Message}";
        }
    }

    private static (object? Value, string? Error) Payload(string key, string text)
    {
        if (!text.StartsWith("hex:", StringComparison.Ordinal))
        {
            return (Encoding.UTF8.GetBytes(text), null);
        }

        string hex = text[4..].Replace(" ", string.Empty, StringComparison.Ordinal);
        try
        {
            return (Convert.FromHexString(hex), null);
        }
        catch (FormatException)
        {
            return (null, $"invalid hex in '{key}': '{text[4..]}'");
        }
    }
}
