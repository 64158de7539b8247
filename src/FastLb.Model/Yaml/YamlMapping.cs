// A YAML mapping: its key/value pairs in file order (duplicate keys were refused when it was read).
namespace FastLb.Model.Yaml;

internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(int line, int column, IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> entries)
        : base(line, column)
    {
        Entries = entries;
    }

    public IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> Entries { get; }

    public override string Describe() => "a mapping";
}
