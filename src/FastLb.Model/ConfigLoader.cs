// Entry point for reading a FastLb configuration file: parse, resolve defaults, validate.
namespace FastLb.Model;

public static class ConfigLoader
{
    /// <summary>Reads and validates a file; throws ConfigException listing every problem.</summary>
    public static FastLbConfig LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(path, 0, 0, $"cannot read configuration: {ex.Message}")]);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates YAML text; fileName is used in error locations.</summary>
    public static FastLbConfig Parse(string yaml, string fileName) => new ConfigReader(fileName).Read(yaml);
}
