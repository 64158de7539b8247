// A single YAML value: its text and whether it was written plain (so ~ or nothing mean null).
namespace FastLb.Model.Yaml;

internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(int line, int column, string value, bool plain)
        : base(line, column)
    {
        Value = value;
        IsNull = plain && value is "" or "~" or "null" or "Null" or "NULL";
    }

    public string Value { get; }

    /// <summary>True for an empty plain scalar, ~ or null (quoted "null" is text).</summary>
    public bool IsNull { get; }

    public override string Describe() => IsNull ? "nothing" : $"'{Value}'";
}
