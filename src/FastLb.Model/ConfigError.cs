// One problem found in a configuration file, with the position of the offending node.
namespace FastLb.Model;

/// <summary>An error at File:Line:Column; control characters in File and Message are escaped.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    public string File { get; init; } = ControlText.Escape(File);

    public string Message { get; init; } = ControlText.Escape(Message);

    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
