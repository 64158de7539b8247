// Thrown when a configuration cannot be used; carries every error found, not only the first.
namespace FastLb.Model;

public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join('\n', errors))
    {
        Errors = errors;
    }

    /// <summary>All errors, in the order of the file; the message holds one per line.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
