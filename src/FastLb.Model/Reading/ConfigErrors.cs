// Collects every error found in one configuration file, each at its node's line and column.
using FastLb.Model.Yaml;

namespace FastLb.Model.Reading;

internal sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<ConfigError> _reported = [];

    public ConfigErrors(string file)
    {
        File = file;
    }

    public string File { get; }

    public int Count => _errors.Count;

    public ConfigLocation Location(YamlNode node) => new(File, node.Line, node.Column);

    public void Add(YamlNode node, string message) => Add(node.Line, node.Column, message);

    /// <summary>Adds an error; the same message at the same place (a node reached twice) is reported once.</summary>
    public void Add(int line, int column, string message)
    {
        var error = new ConfigError(File, line, column, message);
        if (_reported.Add(error))
        {
            _errors.Add(error);
        }
    }

    /// <summary>Every error in file order; the sort is stable for errors on the same node.</summary>
    public ConfigException ToException() =>
        new([.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
}
