// One row of a section's key table: the key, the kind of value, its default, and where it applies.
namespace FastLb.Model.Reading;

/// <summary>
/// A key of a configuration section. Adding a key is adding a row; the table reader checks
/// unknown and missing keys, reads the value by <see cref="Type"/>, fills the default and
/// refuses the key outside its <see cref="Scope"/>.
/// </summary>
internal sealed record KeyRow(string Name, KeyType Type, object? Default = null, bool Required = false)
{
    /// <summary>Where the key may be written; null: everywhere the section exists.</summary>
    public KeyScope? Scope { get; init; }

    /// <summary>Int: inclusive range, and how the range reads in an error ("at least 1").</summary>
    public int Min { get; init; }

    public int Max { get; init; } = int.MaxValue;

    public string? RangeText { get; init; }

    /// <summary>Choice: the accepted names and their values.</summary>
    public IReadOnlyList<(string Name, object Value)> Choices { get; init; } = [];

    /// <summary>Choice: what the value is ("check type"), for "unknown check type 'x'".</summary>
    public string? What { get; init; }

    /// <summary>Choice: a value FastLb could support but does not ("unsupported mode") rather than an unknown one.</summary>
    public bool Unsupported { get; init; }

    /// <summary>Duration: whether 0 is allowed.</summary>
    public bool AllowZero { get; init; }

    /// <summary>Duration: the least value accepted (zero: no bound beyond <see cref="AllowZero"/>).</summary>
    public TimeSpan MinDuration { get; init; }
}
