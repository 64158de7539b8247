using System.Security.Cryptography;
using System.Text;

namespace FastLb.Host;

/// <summary>
/// The bearer token that admin writes need: 32 random bytes as hex in a file only root can read
/// (mode 0600 in a 0700 directory), created at the first start and kept across restarts.
/// </summary>
public sealed class AdminToken
{
    private readonly byte[] _value;

    private AdminToken(string path, string value)
    {
        Path = path;
        _value = Encoding.ASCII.GetBytes(value);
    }

    public string Path { get; }

    /// <summary>Reads the token at <paramref name="path"/>, creating it first when there is none.</summary>
    /// <exception cref="InvalidOperationException">The file is readable by group or others, or empty.</exception>
    public static AdminToken LoadOrCreate(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the admin token needs Unix file modes");
        }
        var dir = System.IO.Path.GetDirectoryName(path)!;
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (!File.Exists(path))
        {
            try
            {
                using var file = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                file.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n"));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created by another start meanwhile: read that one.
            }
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"admin token {path} is readable or writable by others (mode {Convert.ToString((int)mode, 8)}): chmod 600 it");
        }
        var value = File.ReadAllText(path).Trim();
        if (value.Length == 0)
        {
            throw new InvalidOperationException($"admin token {path} is empty: delete it and restart to make a new one");
        }
        return new AdminToken(path, value);
    }

    /// <summary>True when <paramref name="authorization"/> is "Bearer TOKEN" with this token (compared in constant time).</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(authorization[Scheme.Length..].Trim()), _value);
    }
}
