// Entry point for reading a FastLb configuration file: bounded read, parse, resolve defaults, validate.
using FastLb.Model.Reading;

namespace FastLb.Model;

public static class ConfigLoader
{
    /// <summary>The largest configuration accepted; a real one is a few kilobytes.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Reads and validates a file; throws ConfigException listing every problem, and nothing else.</summary>
    public static FastLbConfig LoadFile(string path, ConfigLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw Refused("<empty path>", "no configuration file given (the path is empty)");
        }

        return Parse(ReadBounded(path), path, limits);
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

    /// <summary>
    /// At most MaxFileBytes are read, so /dev/zero or a huge file is refused without being read
    /// whole; pipes and sockets are refused too.
    /// </summary>
    private static string ReadBounded(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw Refused(path, "cannot read configuration: it is a directory");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            if (!stream.CanSeek)
            {
                throw Refused(path, "cannot read configuration: not a regular file");
            }

            var buffer = new byte[MaxFileBytes + 1];
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxFileBytes)
            {
                throw Refused(path, $"configuration is larger than {MaxFileBytes} bytes (or not a regular file)");
            }

            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, total).TrimStart('\uFEFF');
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Refused(path, "configuration is not valid UTF-8 text");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw Refused(path, $"cannot read configuration: {ex.Message}");
        }
    }

    private static ConfigException Refused(string file, string message) => new([new ConfigError(file, 0, 0, message)]);
}
