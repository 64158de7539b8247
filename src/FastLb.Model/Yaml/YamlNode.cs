// A node of a configuration's YAML tree, with the position where it starts in the file.
namespace FastLb.Model.Yaml;

internal abstract class YamlNode
{
    protected YamlNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    /// <summary>Line of the node's first character, from 1.</summary>
    public int Line { get; }

    /// <summary>Column of the node's first character, from 1.</summary>
    public int Column { get; }

    /// <summary>How the node reads in an error message ("a list", "'abc'", ...).</summary>
    public abstract string Describe();
}
