// Reads YAML nodes as sections and plain values; every problem becomes a located error, never an exception.
using System.Globalization;
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class NodeReader
{
    public NodeReader(ConfigErrors errors)
    {
        Errors = errors;
    }

    public ConfigErrors Errors { get; }

    public void Error(YamlNode node, string message) => Errors.Add(node, message);

    /// <summary>
    /// A mapping whose keys are all in <paramref name="table"/> (null: any key); unknown keys
    /// are reported and left out. Null when the node is not a mapping.
    /// </summary>
    public SectionMap? Section(YamlNode node, string context, string description, IReadOnlyList<KeyRow>? table)
    {
        if (node is not YamlMapping mapping)
        {
            Error(node, $"{description} must be a mapping, got {node.Describe()}");
            return null;
        }

        var entries = new List<(string Key, YamlNode KeyNode, YamlNode Value)>();
        foreach (var (keyNode, value) in mapping.Entries)
        {
            if (keyNode is not YamlScalar { IsNull: false, Value: var key })
            {
                Error(keyNode, $"keys in {description} must be plain names");
                continue;
            }

            if (table is not null && !table.Any(row => row.Name == key))
            {
                Error(keyNode, $"unknown key '{key}' in {context}");
                continue;
            }

            entries.Add((key, keyNode, value));
        }

        return new SectionMap(node, context, entries);
    }

    public string? RequiredText(SectionMap map, string key)
    {
        if (!map.Has(key))
        {
            Error(map.Node, $"missing required key '{key}' in {map.Context}");
            return null;
        }

        return Text(map, key);
    }

    /// <summary>A single non-empty value; control characters refused unless <paramref name="free"/>.</summary>
    public string? Text(SectionMap map, string key, bool free = false)
    {
        if (map[key] is not { } node)
        {
            return null;
        }

        if (node is not YamlScalar scalar)
        {
            Error(node, $"'{key}' must be a single value, got {node.Describe()}");
            return null;
        }

        if (scalar.IsNull || scalar.Value.Length == 0)
        {
            Error(node, $"'{key}' has no value");
            return null;
        }

        if (!free && ControlText.HasControl(scalar.Value))
        {
            Error(node, $"'{key}' contains a control character in '{scalar.Value}' (write it as printable text on one line)");
            return null;
        }

        return scalar.Value;
    }
    /// <summary>The items of list <paramref name="key"/>; null, with the error reported, when the node is not a list.</summary>
    public IReadOnlyList<YamlNode>? List(YamlNode node, string key)
    {
        if (node is not YamlList list)
        {
            Error(node, $"'{key}' must be a list");
            return null;
        }
        return list.Items;
    }


    /// <summary>A non-empty list of distinct flow-key field names (or one name), as flags.</summary>
    public FlowFields? FieldList(SectionMap map, string key)
    {
        if (map[key] is not { } node)
        {
            return null;
        }
        IReadOnlyList<YamlNode> items = node is YamlList list ? list.Items : [node];
        if (items.Count == 0)
        {
            Error(node, $"'{key}' lists no field (use any of {FieldNames})");
            return null;
        }
        var fields = FlowFields.None;
        foreach (var item in items)
        {
            if (item is not YamlScalar scalar || scalar.IsNull)
            {
                Error(item, $"'{key}' items must be field names ({FieldNames}), got {item.Describe()}");
                return null;
            }
            if (!ConfigNames<FlowFields>.TryParse(scalar.Value, out var match))
            {
                Error(item, $"unknown field '{scalar.Value}' in '{key}' (supported: {FieldNames})");
                return null;
            }
            if ((fields & match) != 0)
            {
                Error(item, $"field '{scalar.Value}' is listed twice in '{key}'");
                return null;
            }
            fields |= match;
        }
        return fields;
    }

    private static string FieldNames => string.Join(", ", ConfigNames<FlowFields>.All.Select(f => f.Name));

    public int? Int(SectionMap map, string key, int min, int max, string? rangeText = null)
    {
        string? text = Text(map, key);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            Error(map[key]!, $"'{key}' must be an integer, got '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            Error(map[key]!, $"'{key}' must be {rangeText ?? $"{min}..{max}"}, got {value}");
            return null;
        }

        return (int)value;
    }

    public bool? Bool(SectionMap map, string key)
    {
        string? text = Text(map, key);
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

    public object? Choice(SectionMap map, KeyRow row)
    {
        string? text = Text(map, row.Name);
        if (text is null)
        {
            return null;
        }

        foreach (var (name, value) in row.Choices)
        {
            if (name == text)
            {
                return value;
            }
        }

        string supported = string.Join(", ", row.Choices.Select(c => c.Name));
        Error(map[row.Name]!, $"{(row.Unsupported ? "unsupported" : "unknown")} {row.What ?? row.Name} '{text}' (supported: {supported})");
        return null;
    }

    public TimeSpan? Duration(SectionMap map, string key, bool allowZero, TimeSpan min = default)
    {
        string? text = Text(map, key);
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

        if (value < min)
        {
            string least = min.Milliseconds == 0 ? $"{min.TotalSeconds}s" : $"{min.TotalMilliseconds}ms";
            Error(map[key]!, $"'{key}' must be at least {least}, got {value.TotalMilliseconds}ms");
            return null;
        }

        if (value > ValueRules.MaxDuration)
        {
            Error(map[key]!, $"'{key}' must be at most 24h, got '{text}'");
            return null;
        }

        return value;
    }
}
