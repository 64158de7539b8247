using System.Net.Sockets;

namespace FastLb.Host;

/// <summary>
/// Where an instance's admin API listens and where its write token lives:
/// /run/fastlb/INSTANCE.sock (reads open to local users) and /var/lib/fastlb/INSTANCE.token
/// (root only, created at the first start).
/// </summary>
public sealed record AdminEndpoint(string Instance, string SocketPath, string TokenPath)
{
    /// <summary>A loopback TCP address (the config's `admin:`) used instead of the socket; null: the socket.</summary>
    public System.Net.IPEndPoint? Address { get; init; }

    /// <summary>Where it listens, for messages.</summary>
    public string Where => Address is null ? SocketPath : $"http://{Address}";

    public const string RunDirectory = "/run/fastlb";
    public const string TokenDirectory = "/var/lib/fastlb";

    public static AdminEndpoint For(string instance, string? address = null) =>
        new(instance, Path.Combine(RunDirectory, instance + ".sock"), Path.Combine(TokenDirectory, instance + ".token"))
        {
            Address = address is null ? null : System.Net.IPEndPoint.Parse(address),
        };

    /// <summary>Lets every local user connect (rw on the socket); what they may do is the API's business.</summary>
    public void OpenSocketToLocalUsers()
    {
        if (OperatingSystem.IsLinux() && File.Exists(SocketPath))
        {
            File.SetUnixFileMode(SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
                | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }
    }

    /// <summary>
    /// Makes the socket path free to listen on: a stale socket file (no one answers) is removed;
    /// one that answers means a controller of this instance runs already, which is refused.
    /// </summary>
    public void PrepareSocket()
    {
        if (Address is not null)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);
        if (!File.Exists(SocketPath))
        {
            return;
        }
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
                throw new InvalidOperationException($"a controller of instance '{Instance}' is running already (its admin socket {SocketPath} answers)");
            }
            catch (SocketException)
            {
            }
        }
        File.Delete(SocketPath);
    }
}
