using System.IO.Compression;

namespace FastLb.Reconciler;

/// <summary>
/// The running kernel's tick (CONFIG_HZ, from its config file), which the data plane's clock
/// (bpf/lib/clock.h) multiplies jiffies by. A kernel whose config cannot be read gives 0: the
/// program then reads the coarse clock, a helper call per packet, and loads all the same.
/// </summary>
public static class KernelTick
{
    private static readonly int Hz = ReadHz();

    /// <summary>ns per jiffy (the kernel's TICK_NSEC), or 0 when the tick rate is unknown.</summary>
    public static ulong Ns => Hz > 0 ? (ulong)((1_000_000_000L + Hz / 2) / Hz) : 0;

    /// <summary>INITIAL_JIFFIES: jiffies start 300 s before their 32-bit wrap.</summary>
    public static ulong JiffiesStart => Hz > 0 ? unchecked((uint)(-300 * Hz)) : 0;

    private static int ReadHz()
    {
        try
        {
            var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            var boot = $"/boot/config-{release}";
            if (File.Exists(boot))
            {
                return HzIn(File.ReadLines(boot));
            }
            if (File.Exists("/proc/config.gz"))
            {
                using var gz = new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress);
                using var reader = new StreamReader(gz);
                return HzIn(Lines(reader));
            }
        }
        catch (IOException)
        {
        }
        catch (Exception e) when (e is UnauthorizedAccessException or InvalidDataException)
        {
        }
        return 0;
    }

    /// <summary>The value of CONFIG_HZ in a kernel config, or 0.</summary>
    public static int HzIn(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith("CONFIG_HZ=", StringComparison.Ordinal) && int.TryParse(line.AsSpan(10), out var hz) && hz > 0)
            {
                return hz;
            }
        }
        return 0;
    }

    private static IEnumerable<string> Lines(StreamReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
