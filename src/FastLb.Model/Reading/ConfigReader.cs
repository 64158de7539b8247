// Turns YAML text into a FastLbConfig: tree, sections by their key tables, then the validator.
using FastLb.Model.Validation;
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class ConfigReader
{
    private readonly ConfigErrors _errors;
    private readonly NodeReader _reader;
    private readonly ConfigLimits _limits;

    public ConfigReader(string file, ConfigLimits limits)
    {
        _errors = new ConfigErrors(file);
        _reader = new NodeReader(_errors);
        _limits = limits;
    }

    /// <summary>The configuration; throws ConfigException with every error found.</summary>
    public FastLbConfig Read(string yaml)
    {
        var root = YamlTreeReader.Read(yaml, _errors);
        if (root is null && _errors.Count > 0)
        {
            throw _errors.ToException();
        }

        if (root is null or YamlScalar { IsNull: true })
        {
            _errors.Add(1, 1, "configuration is empty");
            throw _errors.ToException();
        }

        if (_reader.Section(root, "configuration", "configuration", RootKeys.All) is not { } map)
        {
            throw _errors.ToException();
        }

        var values = new KeyTableReader(_reader).Read(map, RootKeys.All);
        var draft = new ConfigDraft(map)
        {
            Interface = values.Ref<string>("interface"),
            InsideInterface = values.Ref<string>("inside-interface"),
            Namespace = values.Ref<string>("namespace"),
            MetricsListen = values.Ref<string>("metrics"),
            FlowTableSize = values.Value<int>("flow-table-size"),
            Instance = values.Ref<string>("instance"),
            Admin = values.Ref<string>("admin"),
        };
        new EncapSourceReader(_reader).Read(draft);
        draft.Timeouts = ReadTimeouts(map);
        draft.FlowRecountInterval = values.Value<TimeSpan>("flow-recount-interval");
        ReadServices(draft);
        new ConfigValidator(_reader, _limits).Validate(draft);
        if (_errors.Count > 0)
        {
            throw _errors.ToException();
        }

        return ConfigBuilder.Build(draft, _errors);
    }

    private FlowTimeouts? ReadTimeouts(SectionMap root)
    {
        if (root["timeouts"] is not { } node)
        {
            return FlowTimeouts.Default;
        }
        if (_reader.Section(node, "timeouts", "timeouts", TimeoutKeys.All) is not { } map)
        {
            return null;
        }
        var v = new KeyTableReader(_reader).Read(map, TimeoutKeys.All);
        return v.Value<TimeSpan>("syn") is { } syn && v.Value<TimeSpan>("established") is { } est
            && v.Value<TimeSpan>("fin") is { } fin && v.Value<TimeSpan>("udp") is { } udp
            ? new FlowTimeouts(syn, est, fin, udp)
            : null;
    }

    private void ReadServices(ConfigDraft draft)
    {
        var node = draft.Root["services"];
        draft.ServicesNode = node;
        if (node is null or YamlScalar { IsNull: true })
        {
            return;
        }

        if (_reader.List(node, "services") is not { } items)
        {
            return;
        }

        draft.ServiceItems = items.Count;
        var services = new ServiceReader(_reader);
        draft.Services.AddRange(items.Select(services.Read).OfType<ServiceDraft>());
    }
}
