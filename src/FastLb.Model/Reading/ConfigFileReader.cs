// Reads a configuration file with bounds: at most ConfigLoader.MaxFileBytes, regular files only, never blocking on a FIFO.
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace FastLb.Model.Reading;

internal static partial class ConfigFileReader
{
    private const int ORdOnly = 0;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;

    /// <summary>The file's text; ConfigException (and nothing else) when it cannot be used.</summary>
    public static string Read(string path, int maxBytes)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw Refused(path, "cannot read configuration: it is a directory");
            }

            using var stream = Open(path);
            if (!stream.CanSeek)
            {
                throw Refused(path, "cannot read configuration: not a regular file (a pipe or socket)");
            }

            // Read one byte past the cap: /dev/zero or a huge file is refused without being read whole.
            var buffer = new byte[maxBytes + 1];
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > maxBytes)
            {
                throw Refused(path, $"configuration is larger than {maxBytes} bytes (or not a regular file)");
            }

            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, total).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw Refused(path, "configuration is not valid UTF-8 text");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw Refused(path, $"cannot read configuration: {ex.Message}");
        }
    }

    public static ConfigException Refused(string file, string message) => new([new ConfigError(file, 0, 0, message)]);

    /// <summary>
    /// Opens with O_NONBLOCK, which FileStream cannot ask for: opening a FIFO for reading would
    /// otherwise wait for a writer forever. Regular files ignore the flag.
    /// </summary>
    private static FileStream Open(string path)
    {
        if (path.Contains('\0'))
        {
            throw new ArgumentException("the path contains a NUL character");
        }

        int fd = NativeOpen(path, ORdOnly | ONonBlock | OCloExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }

        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 1);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string path, int flags);
}
