// Where a configuration element was written, so errors and logs can point at it.
namespace FastLb.Model;

/// <summary>A position in a configuration file; Line and Column count from 1.</summary>
public sealed record ConfigLocation(string File, int Line, int Column)
{
    /// <summary>Location of values that were not read from a file (built in code).</summary>
    public static ConfigLocation None { get; } = new("<none>", 0, 0);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
