// Entry point for reading a FastLb configuration file: bounded read, parse, resolve defaults, validate.
using FastLb.Model.Reading;

namespace FastLb.Model;

public static class ConfigLoader
{
    /// <summary>The largest configuration accepted: room for 100,000 reals written one per line.</summary>
    public const int MaxFileBytes = 32 * 1024 * 1024;

    /// <summary>Reads and validates a file; throws ConfigException listing every problem, and nothing else.</summary>
    public static FastLbConfig LoadFile(string path, ConfigLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw Refused("<empty path>", "no configuration file given (the path is empty)");
        }

        return Parse(ConfigFileReader.Read(path, MaxFileBytes), path, limits);
    }

    /// <summary>Parses and validates YAML text; fileName is used in error locations.</summary>
    public static FastLbConfig Parse(string yaml, string fileName, ConfigLimits limits)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(limits);
        if (yaml.Length > MaxFileBytes)
        {
            throw Refused(fileName, $"configuration is larger than {MaxFileBytes} bytes");
        }

        return new ConfigReader(fileName, limits).Read(yaml);
    }

    private static ConfigException Refused(string file, string message) => ConfigFileReader.Refused(file, message);
}
