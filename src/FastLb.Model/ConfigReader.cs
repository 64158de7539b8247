// Turns a YAML document into a FastLbConfig, collecting every error with its line and column.
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FastLb.Model;

internal sealed class ConfigReader
{
    private static readonly string[] RootKeys = ["interface", "namespace", "metrics", "services"];

    private static readonly string[] ServiceKeys =
        ["name", "vip", "port", "protocol", "mode", "algorithm", "ring-size", "on-all-down", "backup", "check", "reals"];

    private static readonly string[] RealKeys = ["address", "port", "mac", "weight", "name", "check"];

    private static readonly string[] BackupKeys = ["address", "port", "mac", "name", "check"];

    private static readonly string[] CheckKeys =
    [
        "type", "interval", "timeout", "rise", "fall", "jitter", "initial", "port", "address", "method", "path",
        "host", "headers", "status", "sni", "verify-cert", "contains", "regex", "max-bytes", "send", "expect",
        "query", "query-type",
    ];

    private static readonly string[] HttpKeys = ["method", "path", "host", "headers", "status", "contains", "regex", "max-bytes"];

    private static readonly string[] HttpsKeys = ["sni", "verify-cert"];

    private static readonly string[] UdpKeys = ["send", "expect"];

    private static readonly string[] DnsKeys = ["query", "query-type"];

    private static readonly string[] DnsTypes = ["A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT"];

    private readonly string file;
    private readonly List<ConfigError> errors = [];
    private readonly HashSet<ConfigError> reported = [];
    private readonly Dictionary<string, ConfigLocation> serviceNames = new(StringComparer.Ordinal);
    private readonly Dictionary<(IPAddress Vip, ushort Port, L4Protocol Protocol), string> serviceKeys = [];
    private int realCount;

    public ConfigReader(string file)
    {
        this.file = file;
    }

    public FastLbConfig Read(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            Error(ex.Start, $"YAML syntax error: {ex.Message}");
            throw Failed();
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            errors.Add(new ConfigError(file, 1, 1, "configuration is empty"));
            throw Failed();
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "configuration must be a single YAML document");
        }

        var root = Map(stream.Documents[0].RootNode, "configuration", "configuration", RootKeys);
        if (root is null)
        {
            throw Failed();
        }

        string? iface = ReadInterface(root);
        string? ns = ReadNamespace(root);
        string metrics = ReadMetrics(root);
        var services = ReadServices(root);

        if (errors.Count > 0)
        {
            throw Failed();
        }

        return new FastLbConfig(iface!, ns, metrics, services) { SourceFile = file };
    }

    private ConfigException Failed()
    {
        // File order reads best; the sort is stable for errors on the same node.
        var sorted = errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new ConfigException(sorted);
    }

    private string? ReadInterface(YamlMap root)
    {
        string? name = RequiredString(root, "interface");
        if (name is null)
        {
            return null;
        }

        if (name.Length > 15)
        {
            Error(root["interface"]!, $"interface name '{name}' is longer than 15 characters");
        }
        else if (name.Any(c => c == '/' || char.IsWhiteSpace(c) || c == ':'))
        {
            Error(root["interface"]!, $"invalid interface name '{name}'");
        }

        return name;
    }

    private string? ReadNamespace(YamlMap root)
    {
        string? ns = OptionalString(root, "namespace");
        if (ns is not null && (ns.Contains('/') || ns is "." or ".." || ns.Any(char.IsWhiteSpace)))
        {
            Error(root["namespace"]!, $"invalid network namespace name '{ns}'");
        }

        return ns;
    }

    private string ReadMetrics(YamlMap root)
    {
        string? text = OptionalString(root, "metrics");
        if (text is null)
        {
            return FastLbConfig.DefaultMetricsListen;
        }

        if (!IPEndPoint.TryParse(text, out var endpoint) || endpoint.Port == 0 || !text.Contains(':')
            || (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !text.StartsWith('[')))
        {
            Error(root["metrics"]!, $"invalid 'metrics' address '{text}' (expected ADDRESS:PORT, e.g. 127.0.0.1:9100)");
        }

        return text;
    }

    private List<ServiceConfig> ReadServices(YamlMap root)
    {
        var services = new List<ServiceConfig>();
        var node = root["services"];
        if (node is null || IsNull(node))
        {
            return services;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, "'services' must be a list");
            return services;
        }

        foreach (var item in sequence.Children)
        {
            var service = ReadService(item);
            if (service is not null)
            {
                services.Add(service);
            }
        }

        if (sequence.Children.Count > FastLbConfig.MaxServices)
        {
            Error(node, $"too many services: {sequence.Children.Count} (the data plane holds at most {FastLbConfig.MaxServices})");
        }

        if (realCount > FastLbConfig.MaxReals)
        {
            Error(node, $"too many reals: {realCount} in total, backups included (the data plane holds at most {FastLbConfig.MaxReals})");
        }

        return services;
    }

    private ServiceConfig? ReadService(YamlNode node)
    {
        int before = errors.Count;
        var map = Map(node, "service", "service", ServiceKeys);
        if (map is null)
        {
            return null;
        }

        string? name = RequiredString(map, "name");
        if (name is not null)
        {
            if (serviceNames.TryGetValue(name, out var first))
            {
                Error(map["name"]!, $"duplicate service name '{name}' (first defined at {first})");
            }
            else
            {
                serviceNames[name] = Location(map.Node);
            }
        }

        string label = name is null ? "service" : $"service '{name}'";
        var vip = Address(map, "vip", required: true);
        ushort? port = Port(map, "port", required: true);
        var protocol = Enum(map, "protocol", L4Protocol.Tcp, "protocol", ("tcp", L4Protocol.Tcp), ("udp", L4Protocol.Udp));
        var mode = Enum(map, "mode", ForwardingMode.DsrL2, "mode", ("dsr-l2", ForwardingMode.DsrL2));
        var algorithm = Enum(map, "algorithm", SchedulingAlgorithm.Maglev, "algorithm", ("maglev", SchedulingAlgorithm.Maglev));
        var onAllDown = Enum(map, "on-all-down", AllDownPolicy.Drop, "on-all-down", ("drop", AllDownPolicy.Drop), ("backup", AllDownPolicy.Backup));
        int ringSize = ReadRingSize(map);

        if (vip is not null && port is not null && protocol is not null)
        {
            var key = (vip, port.Value, protocol.Value);
            if (serviceKeys.TryGetValue(key, out var other))
            {
                string proto = protocol.Value == L4Protocol.Tcp ? "tcp" : "udp";
                Error(map["port"]!, $"{label} has the same VIP, port and protocol ({RealConfig.FormatEndpoint(vip, port.Value)}/{proto}) as service '{other}'");
            }
            else if (name is not null)
            {
                serviceKeys[key] = name;
            }
        }

        HealthCheckConfig? check = null;
        YamlMap? checkMap = null;
        if (map["check"] is { } checkNode)
        {
            checkMap = Map(checkNode, "check", "check", CheckKeys);
            if (checkMap is not null)
            {
                check = ReadCheck(checkMap);
            }
        }

        var service = new ServiceShape(label, vip, port, mode);
        RealConfig? backup = null;
        if (map["backup"] is { } backupNode)
        {
            backup = ReadReal(backupNode, service, checkMap, isBackup: true);
        }
        else if (onAllDown == AllDownPolicy.Backup)
        {
            Error(map["on-all-down"]!, "on-all-down 'backup' requires 'backup'");
        }

        var reals = ReadReals(map, service, checkMap, ringSize);

        if (errors.Count > before || name is null || vip is null || port is null || protocol is null
            || mode is null || algorithm is null || onAllDown is null)
        {
            return null;
        }

        return new ServiceConfig(name, vip, port.Value, protocol.Value, mode.Value, algorithm.Value, ringSize,
            onAllDown.Value, backup, check, reals)
        {
            Location = Location(map.Node),
        };
    }

    private int ReadRingSize(YamlMap map)
    {
        int? ringSize = Int(map, "ring-size", 3, ServiceConfig.DefaultRingSize, "a prime in 3..65537");
        if (ringSize is null)
        {
            return ServiceConfig.DefaultRingSize;
        }

        if (!IsPrime(ringSize.Value))
        {
            int next = ringSize.Value + 1;
            while (!IsPrime(next))
            {
                next++;
            }

            Error(map["ring-size"]!, $"ring-size {ringSize.Value} is not a prime (the next prime is {next})");
        }

        return ringSize.Value;
    }

    private List<RealConfig> ReadReals(YamlMap map, ServiceShape service, YamlMap? checkMap, int ringSize)
    {
        var reals = new List<RealConfig>();
        var node = map["reals"];
        if (node is null)
        {
            Error(map.Node, $"{service.Label} has no reals");
            return reals;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, "'reals' must be a list");
            return reals;
        }

        if (sequence.Children.Count == 0)
        {
            Error(node, $"{service.Label} has no reals");
            return reals;
        }

        var endpoints = new HashSet<(IPAddress, ushort)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            var real = ReadReal(item, service, checkMap, isBackup: false);
            if (real is null)
            {
                continue;
            }

            if (!endpoints.Add((real.Address, real.Port)))
            {
                Error(item, $"duplicate real {real.Endpoint} in {service.Label}");
            }
            else if (!names.Add(real.Name))
            {
                Error(item, $"duplicate real name '{real.Name}' in {service.Label}");
            }

            reals.Add(real);
        }

        if (sequence.Children.Count > ringSize)
        {
            Error(map["ring-size"] ?? node, $"ring-size {ringSize} is smaller than the number of reals ({sequence.Children.Count})");
        }

        return reals;
    }

    private RealConfig? ReadReal(YamlNode node, ServiceShape service, YamlMap? serviceCheck, bool isBackup)
    {
        int before = errors.Count;
        string what = isBackup ? "backup" : "real";
        var map = Map(node, what, what, isBackup ? BackupKeys : RealKeys);
        if (map is null)
        {
            return null;
        }

        realCount++;
        var address = Address(map, "address", required: true);
        ushort? port = map.Has("port") ? Port(map, "port", required: true) : service.Port;
        var mac = Mac(map, "mac");
        int weight = isBackup ? 1 : Int(map, "weight", 0, RealConfig.MaxWeight) ?? 1;
        string? name = OptionalString(map, "name");

        if (address is null)
        {
            return null;
        }

        // An invalid service port leaves the real's port unknown; report the rest anyway.
        string endpoint = port is null ? address.ToString() : RealConfig.FormatEndpoint(address, port.Value);
        if (service.Vip is not null && service.Vip.AddressFamily != address.AddressFamily)
        {
            Error(map["address"]!, $"{what} {address} is {Family(address)} but the VIP {service.Vip} of {service.Label} is {Family(service.Vip)}");
        }

        if (service.Mode == ForwardingMode.DsrL2)
        {
            if (mac is null && !map.Has("mac"))
            {
                Error(map.Node, $"{what} {endpoint} needs 'mac' in mode dsr-l2");
            }

            if (service.Port is { } servicePort && port is not null && port.Value != servicePort)
            {
                Error(map["port"] ?? map.Node,
                    $"{what} {endpoint}: port {port.Value} differs from the service port {servicePort}, and mode dsr-l2 cannot translate ports (the real must listen on the service port)");
            }
        }

        if (port is null)
        {
            return null;
        }

        HealthCheckConfig? check = null;
        YamlMap? checkMap = serviceCheck;
        if (map["check"] is { } checkNode)
        {
            var own = Map(checkNode, "check", "check", CheckKeys);
            checkMap = own is null ? null : serviceCheck is null ? own : YamlMap.Merge(serviceCheck, own);
        }

        if (checkMap is not null)
        {
            check = ReadCheck(checkMap);
            if (check is not null)
            {
                check = check with
                {
                    Address = check.Address ?? address,
                    Port = check.Type == CheckType.Icmp ? null : check.Port ?? port.Value,
                };
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new RealConfig(name ?? endpoint, address, port.Value, mac, weight, check) { Location = Location(map.Node) };
    }

    private HealthCheckConfig? ReadCheck(YamlMap map)
    {
        int before = errors.Count;
        var type = Enum(map, "type", CheckType.Tcp, "check type",
            ("icmp", CheckType.Icmp), ("tcp", CheckType.Tcp), ("tcp-half-open", CheckType.TcpHalfOpen),
            ("http", CheckType.Http), ("https", CheckType.Https), ("http-content", CheckType.HttpContent),
            ("udp", CheckType.Udp), ("dns", CheckType.Dns));

        if (type is not null)
        {
            bool http = type is CheckType.Http or CheckType.Https or CheckType.HttpContent;
            NotApplicable(map, HttpKeys, !http, "applies to http/https/http-content checks");
            NotApplicable(map, HttpsKeys, type != CheckType.Https, "applies to https checks");
            NotApplicable(map, UdpKeys, type != CheckType.Udp, "applies to udp checks");
            NotApplicable(map, DnsKeys, type != CheckType.Dns, "applies to dns checks");
            NotApplicable(map, ["port"], type == CheckType.Icmp, "does not apply to icmp checks");
        }

        var interval = Duration(map, "interval", allowZero: false) ?? HealthCheckConfig.DefaultInterval;
        var timeout = Duration(map, "timeout", allowZero: false) ?? HealthCheckConfig.DefaultTimeout;
        var jitter = Duration(map, "jitter", allowZero: true) ?? interval / 10;
        int rise = Int(map, "rise", 1, 1000, "at least 1") ?? HealthCheckConfig.DefaultRise;
        int fall = Int(map, "fall", 1, 1000, "at least 1") ?? HealthCheckConfig.DefaultFall;
        var initial = Enum(map, "initial", HealthState.Down, "initial state", ("down", HealthState.Down), ("up", HealthState.Up));
        var address = Address(map, "address", required: false);
        ushort? port = map.Has("port") ? Port(map, "port", required: true) : null;

        if (timeout >= interval)
        {
            Error(map["timeout"] ?? map["interval"] ?? map.Node,
                $"check timeout {DurationParser.Format(timeout)} must be shorter than the interval {DurationParser.Format(interval)}");
        }

        if (map.Has("jitter") && jitter >= interval)
        {
            Error(map["jitter"]!, $"check jitter {DurationParser.Format(jitter)} must be shorter than the interval {DurationParser.Format(interval)}");
        }

        string method = OptionalString(map, "method") ?? "GET";
        if (!method.All(char.IsAsciiLetterUpper) || method.Length == 0)
        {
            Error(map["method"]!, $"invalid HTTP method '{method}' (expected upper-case letters, e.g. GET)");
        }

        string path = OptionalString(map, "path") ?? "/";
        if (!path.StartsWith('/') || path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            Error(map["path"]!, $"invalid 'path' '{path}' (must start with '/' and contain no spaces)");
        }

        string? host = OptionalString(map, "host");
        var headers = Headers(map);
        var status = Statuses(map);
        string? sni = OptionalString(map, "sni");
        bool verify = Bool(map, "verify-cert") ?? true;
        string? contains = OptionalString(map, "contains");
        string? regex = OptionalString(map, "regex");
        if (regex is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(regex);
            }
            catch (ArgumentException ex)
            {
                Error(map["regex"]!, $"invalid regex '{regex}': {ex.Message}");
            }
        }

        int maxBytes = Int(map, "max-bytes", 1, 16 * 1024 * 1024) ?? HealthCheckConfig.DefaultMaxBytes;
        byte[]? send = Payload(map, "send");
        byte[]? expect = Payload(map, "expect");
        string? query = OptionalString(map, "query");
        string dnsType = (OptionalString(map, "query-type") ?? "A").ToUpperInvariant();
        if (!DnsTypes.Contains(dnsType))
        {
            Error(map["query-type"]!, $"unsupported query-type '{dnsType}' (supported: {string.Join(", ", DnsTypes)})");
        }

        switch (type)
        {
            case CheckType.HttpContent when contains is null && regex is null && !map.Has("contains") && !map.Has("regex"):
                Error(map.Node, "http-content check needs 'contains' or 'regex'");
                break;
            case CheckType.Dns when query is null && !map.Has("query"):
                Error(map.Node, "dns check needs 'query'");
                break;
            case CheckType.Udp when send is null && !map.Has("send"):
                Error(map.Node, "udp check needs 'send'");
                break;
        }

        if (errors.Count > before || type is null || initial is null)
        {
            return null;
        }

        return new HealthCheckConfig
        {
            Type = type.Value,
            Interval = interval,
            Timeout = timeout,
            Rise = rise,
            Fall = fall,
            Jitter = jitter,
            Initial = initial.Value,
            Address = address,
            Port = port,
            Method = method,
            Path = path,
            Host = host,
            Headers = headers,
            ExpectStatus = status,
            Sni = sni,
            VerifyCertificate = verify,
            Contains = contains,
            Regex = regex,
            MaxBytes = maxBytes,
            Send = send,
            Expect = expect,
            DnsName = query,
            DnsType = dnsType,
        };
    }

    private void NotApplicable(YamlMap map, string[] keys, bool wrong, string message)
    {
        if (!wrong)
        {
            return;
        }

        foreach (var (key, keyNode, _) in map.Entries)
        {
            if (keys.Contains(key))
            {
                Error(keyNode, $"'{key}' {message}");
            }
        }
    }

    private IReadOnlyDictionary<string, string> Headers(YamlMap map)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (map["headers"] is not { } node)
        {
            return headers;
        }

        var headerMap = Map(node, "headers", "'headers'", null);
        if (headerMap is null)
        {
            return headers;
        }

        foreach (var (key, keyNode, value) in headerMap.Entries)
        {
            if (key.Length == 0 || key.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                Error(keyNode, $"invalid header name '{key}'");
            }
            else if (value is not YamlScalarNode scalar)
            {
                Error(value, $"header '{key}' must have a single value");
            }
            else if (scalar.Value is null || scalar.Value.Any(c => c is '\r' or '\n'))
            {
                Error(value, $"invalid value for header '{key}'");
            }
            else if (!headers.TryAdd(key, scalar.Value))
            {
                Error(keyNode, $"duplicate header '{key}'");
            }
        }

        return headers;
    }

    private IReadOnlyList<int> Statuses(YamlMap map)
    {
        if (map["status"] is not { } node)
        {
            return [200];
        }

        var items = node is YamlSequenceNode sequence ? sequence.Children : (IList<YamlNode>)[node];
        var statuses = new List<int>();
        foreach (var item in items)
        {
            if (item is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int status))
            {
                if (status is < 100 or > 599)
                {
                    Error(item, $"'status' values must be 100..599, got {status}");
                }
                else
                {
                    statuses.Add(status);
                }
            }
            else
            {
                Error(item, $"'status' must be an HTTP status or a list of them, got {Describe(item)}");
            }
        }

        if (items.Count == 0)
        {
            Error(node, "'status' must list at least one status");
        }

        return statuses;
    }

    private byte[]? Payload(YamlMap map, string key)
    {
        string? text = OptionalString(map, key);
        if (text is null)
        {
            return null;
        }

        if (!text.StartsWith("hex:", StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(text);
        }

        string hex = text[4..].Replace(" ", string.Empty, StringComparison.Ordinal);
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            Error(map[key]!, $"invalid hex in '{key}': '{text[4..]}'");
            return null;
        }
    }

    // ---- typed scalar readers; each reports its own errors and returns null on failure ----

    private YamlMap? Map(YamlNode node, string context, string description, string[]? allowedKeys)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{description} must be a mapping, got {Describe(node)}");
            return null;
        }

        var entries = new List<(string Key, YamlScalarNode KeyNode, YamlNode Value)>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                Error(keyNode, $"keys in {description} must be plain names");
                continue;
            }

            if (allowedKeys is not null && !allowedKeys.Contains(key))
            {
                Error(keyNode, $"unknown key '{key}' in {context}");
                continue;
            }

            entries.Add((key, scalarKey, value));
        }

        return new YamlMap(node, context, entries);
    }

    private string? RequiredString(YamlMap map, string key)
    {
        if (!map.Has(key))
        {
            Error(map.Node, $"missing required key '{key}' in {map.Context}");
            return null;
        }

        return OptionalString(map, key);
    }

    private string? OptionalString(YamlMap map, string key)
    {
        if (map[key] is not { } node)
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"'{key}' must be a single value, got {Describe(node)}");
            return null;
        }

        if (IsNull(scalar) || (scalar.Value!.Length == 0))
        {
            Error(node, $"'{key}' has no value");
            return null;
        }

        return scalar.Value;
    }

    private int? Int(YamlMap map, string key, int min, int max, string? rangeText = null)
    {
        if (map[key] is not { } node)
        {
            return null;
        }

        string? text = OptionalString(map, key);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            Error(node, $"'{key}' must be an integer, got '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, $"'{key}' must be {rangeText ?? $"{min}..{max}"}, got {value}");
            return null;
        }

        return (int)value;
    }

    private ushort? Port(YamlMap map, string key, bool required)
    {
        if (!map.Has(key))
        {
            if (required)
            {
                Error(map.Node, $"missing required key '{key}' in {map.Context}");
            }

            return null;
        }

        int? port = Int(map, key, 1, 65535);
        return port is null ? null : (ushort)port.Value;
    }

    private bool? Bool(YamlMap map, string key)
    {
        string? text = OptionalString(map, key);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Error(map[key]!, $"'{key}' must be true or false, got '{text}'");
                return null;
        }
    }

    private TimeSpan? Duration(YamlMap map, string key, bool allowZero)
    {
        string? text = OptionalString(map, key);
        if (text is null)
        {
            return null;
        }

        if (!DurationParser.TryParse(text, out var value))
        {
            Error(map[key]!, $"invalid duration '{text}' for '{key}' (use e.g. 500ms, 2s, 1.5s, 1m)");
            return null;
        }

        if (value == TimeSpan.Zero && !allowZero)
        {
            Error(map[key]!, $"'{key}' must be greater than 0");
            return null;
        }

        return value;
    }

    private IPAddress? Address(YamlMap map, string key, bool required)
    {
        string? text = required ? RequiredString(map, key) : OptionalString(map, key);
        if (text is null)
        {
            return null;
        }

        bool looksV4 = !text.Contains(':') && text.Split('.') is { Length: 4 } parts
            && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
        bool looksV6 = text.Contains(':') && !text.Contains('%') && !text.Contains('[');
        if ((!looksV4 && !looksV6) || !IPAddress.TryParse(text, out var address))
        {
            Error(map[key]!, $"invalid IP address '{text}' for '{key}'");
            return null;
        }

        return address;
    }

    private PhysicalAddress? Mac(YamlMap map, string key)
    {
        string? text = OptionalString(map, key);
        if (text is null)
        {
            return null;
        }

        bool shaped = text.Length == 17 && Enumerable.Range(0, 17).All(i =>
            i % 3 == 2 ? text[i] == ':' || text[i] == '-' : char.IsAsciiHexDigit(text[i]));
        if (!shaped)
        {
            Error(map[key]!, $"invalid MAC address '{text}' for '{key}' (expected e.g. 02:00:00:00:00:11)");
            return null;
        }

        var mac = PhysicalAddress.Parse(text.Replace('-', ':'));
        byte[] bytes = mac.GetAddressBytes();
        if ((bytes[0] & 1) != 0 || bytes.All(b => b == 0))
        {
            Error(map[key]!, $"MAC address '{text}' is not a unicast address");
            return null;
        }

        return mac;
    }

    private T? Enum<T>(YamlMap map, string key, T fallback, string what, params (string Name, T Value)[] choices)
        where T : struct
    {
        string? text = OptionalString(map, key);
        if (text is null)
        {
            return map.Has(key) ? null : fallback;
        }

        foreach (var (name, value) in choices)
        {
            if (name == text)
            {
                return value;
            }
        }

        string supported = string.Join(", ", choices.Select(c => c.Name));
        string message = key switch
        {
            "mode" or "algorithm" or "protocol" => $"unsupported {what} '{text}' (supported: {supported})",
            _ => $"unknown {what} '{text}' (supported: {supported})",
        };
        Error(map[key]!, message);
        return null;
    }

    // ---- helpers ----

    private static bool IsNull(YamlNode node) => YamlMap.IsNull(node);

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "nothing",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an alias",
    };

    private static string Family(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    private static bool IsPrime(int n)
    {
        if (n < 2)
        {
            return false;
        }

        for (int d = 2; (long)d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }

    private ConfigLocation Location(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    private void Error(YamlNode node, string message) => Error(node.Start, message);

    private void Error(Mark mark, string message)
    {
        var error = new ConfigError(file, (int)mark.Line, (int)mark.Column, message);
        if (reported.Add(error))
        {
            errors.Add(error);
        }
    }

    private sealed record ServiceShape(string Label, IPAddress? Vip, ushort? Port, ForwardingMode? Mode);
}
