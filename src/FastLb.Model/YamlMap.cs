// A YAML mapping with scalar keys, kept with its node so every value keeps its line and column.
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FastLb.Model;

internal sealed class YamlMap
{
    private readonly List<(string Key, YamlScalarNode KeyNode, YamlNode Value)> entries;

    public YamlMap(YamlNode node, string context, List<(string Key, YamlScalarNode KeyNode, YamlNode Value)> entries)
    {
        Node = node;
        Context = context;
        this.entries = entries;
    }

    /// <summary>The mapping node (for the location of errors about the whole map).</summary>
    public YamlNode Node { get; }

    /// <summary>What the map describes ("service", "real", "check"), used in messages.</summary>
    public string Context { get; }

    public IReadOnlyList<(string Key, YamlScalarNode KeyNode, YamlNode Value)> Entries => entries;

    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in entries)
            {
                if (entry.Key == key)
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }

    public bool Has(string key) => this[key] is not null;

    /// <summary>True for an empty plain scalar, ~ or null.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>
    /// Keys present in <paramref name="overrides"/> replace those of <paramref name="baseMap"/>;
    /// an override with an empty value (key: ~) removes the key.
    /// </summary>
    public static YamlMap Merge(YamlMap baseMap, YamlMap overrides)
    {
        var merged = new List<(string Key, YamlScalarNode KeyNode, YamlNode Value)>();
        foreach (var entry in baseMap.entries)
        {
            if (!overrides.Has(entry.Key))
            {
                merged.Add(entry);
            }
        }

        foreach (var entry in overrides.entries)
        {
            if (!IsNull(entry.Value))
            {
                merged.Add(entry);
            }
        }

        return new YamlMap(overrides.Node, overrides.Context, merged);
    }
}
