// One problem found in a configuration file, with the position of the offending node.
namespace FastLb.Model;

public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
