using System.Globalization;
using System.Runtime.InteropServices;
using FastLb.Lab;

namespace FastLb.Bench;

/// <summary>
/// Where the packet-rate lab runs: the generator's thread on one CPU, the balancer's receive
/// processing (threaded NAPI of its veths, kthreads "napi/IF-ID") on another, as if the generator
/// were another host. Without it veth runs the peer's NAPI on the sending CPU, and the generator's
/// own cost caps every row. Run time of the NAPI threads (/proc/PID/schedstat) gives the balancer
/// CPU's nanoseconds per frame whoever limits the rate.
/// </summary>
public static partial class CpuPlacement
{
    /// <summary>The generator's CPU.</summary>
    public const int GeneratorCpu = 0;

    /// <summary>The balancer's CPU (its NAPI threads; the receivers' counters run in softirq raised there).</summary>
    public static int BalancerCpu => Environment.ProcessorCount > 1 ? 1 : 0;

    /// <summary>
    /// Gives <paramref name="ifname"/> (in <paramref name="ns"/>) a NAPI that outlives XDP attach and
    /// detach (GRO on) and makes it threaded: one kthread per queue, placed by <see cref="PinNapi"/>.
    /// </summary>
    public static void ThreadNapi(LabNamespace ns, string ifname)
    {
        ns.Exec("ethtool", "-K", ifname, "gro", "on");
        ns.Exec("sh", "-c", $"echo 1 > /sys/class/net/{ifname}/threaded");
    }

    /// <summary>Pins the NAPI threads of <paramref name="ifname"/> to <see cref="BalancerCpu"/>; returns their PIDs.</summary>
    public static int[] PinNapi(string ifname)
    {
        var pids = NapiThreads(ifname);
        if (pids.Length == 0)
        {
            throw new InvalidOperationException($"no napi/{ifname}-* thread: threaded NAPI is off");
        }
        foreach (var pid in pids)
        {
            Pin(pid, BalancerCpu);
        }
        return pids;
    }

    /// <summary>PIDs of the kthreads "napi/IFNAME-ID" (the name cut to the kernel's 15 characters).</summary>
    public static int[] NapiThreads(string ifname)
    {
        var prefix = $"napi/{ifname}-";
        prefix = prefix[..Math.Min(prefix.Length, 15)];
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).StartsWith(prefix, StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while listed.
            }
        }
        return [.. pids];
    }

    /// <summary>Nanoseconds <paramref name="pids"/> have run on a CPU so far (schedstat's first field).</summary>
    public static ulong RunNs(IEnumerable<int> pids) => pids.Aggregate(0ul, (sum, pid) =>
        sum + ulong.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture));

    /// <summary>
    /// Whether any of <paramref name="pids"/> is runnable (state R: woken with frames in its ring,
    /// running or still waiting for its CPU). A NAPI thread sleeps only once its ring is empty; one
    /// that has ended (its NAPI deleted) has nothing queued either.
    /// </summary>
    public static bool AnyRunnable(IEnumerable<int> pids) => pids.Any(pid =>
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'R';
        }
        catch (IOException)
        {
            return false;
        }
    });

    /// <summary>Pins the calling thread to <paramref name="cpu"/> until disposed (then its old CPUs again).</summary>
    public static IDisposable PinThisThread(int cpu)
    {
        var old = new CpuMask();
        Check(SchedGetAffinity(0, CpuMask.Size, ref old), "sched_getaffinity");
        Pin(0, cpu);
        return new Restore(old);
    }

    private static void Pin(int pid, int cpu)
    {
        var mask = new CpuMask();
        mask.Set(cpu);
        Check(SchedSetAffinity(pid, CpuMask.Size, ref mask), $"sched_setaffinity({pid}, cpu {cpu})");
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint size, ref CpuMask mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nint size, ref CpuMask mask);

    /// <summary>A cpu_set_t of 1,024 CPUs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CpuMask
    {
        public const int Size = 128;
        private Bits _bits;

        public void Set(int cpu) => _bits[cpu / 64] |= 1ul << (cpu % 64);

        [System.Runtime.CompilerServices.InlineArray(16)]
        private struct Bits
        {
            private ulong _word;
        }
    }

    private sealed class Restore(CpuMask old) : IDisposable
    {
        public void Dispose()
        {
            var mask = old;
            Check(SchedSetAffinity(0, CpuMask.Size, ref mask), "sched_setaffinity (restore)");
        }
    }
}
