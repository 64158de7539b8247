// A YAML sequence: its items in file order.
namespace FastLb.Model.Yaml;

internal sealed class YamlList : YamlNode
{
    public YamlList(int line, int column, IReadOnlyList<YamlNode> items)
        : base(line, column)
    {
        Items = items;
    }

    public IReadOnlyList<YamlNode> Items { get; }

    public override string Describe() => "a list";
}
