// A YAML mapping whose keys were checked against a section's key table, kept with its node.
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class SectionMap
{
    private readonly List<(string Key, YamlNode KeyNode, YamlNode Value)> _entries;

    public SectionMap(YamlNode node, string context, List<(string Key, YamlNode KeyNode, YamlNode Value)> entries)
    {
        Node = node;
        Context = context;
        _entries = entries;
    }

    /// <summary>The mapping node (for the location of errors about the whole map).</summary>
    public YamlNode Node { get; }

    /// <summary>What the map describes ("service", "real", "check"), used in messages.</summary>
    public string Context { get; }

    public IReadOnlyList<(string Key, YamlNode KeyNode, YamlNode Value)> Entries => _entries;

    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in _entries)
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

    /// <summary>
    /// Keys present in <paramref name="overrides"/> replace those of <paramref name="baseMap"/>;
    /// an override with an empty value (key: ~) removes the key.
    /// </summary>
    public static SectionMap Merge(SectionMap baseMap, SectionMap overrides)
    {
        var merged = new List<(string Key, YamlNode KeyNode, YamlNode Value)>();
        foreach (var entry in baseMap._entries)
        {
            if (!overrides.Has(entry.Key))
            {
                merged.Add(entry);
            }
        }

        foreach (var entry in overrides._entries)
        {
            if (entry.Value is not YamlScalar { IsNull: true })
            {
                merged.Add(entry);
            }
        }

        return new SectionMap(overrides.Node, overrides.Context, merged);
    }
}
