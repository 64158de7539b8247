// Keeps the calling thread on the CPU it runs on, so every BPF_PROG_TEST_RUN of a test runs on one CPU.
using System.Runtime.InteropServices;

namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// The flow tables keep one LRU list per CPU (BPF_F_NO_COMMON_LRU), and a test run executes on the
/// CPU of the calling thread: a test about eviction must add and evict on one CPU, or the entries
/// another CPU's list holds are never evicted. Restores the thread's former CPU set on dispose.
/// </summary>
internal sealed partial class PinnedCpu : IDisposable
{
    private const int MaskBytes = 128; // cpu_set_t: 1024 CPUs

    private readonly byte[] _former = new byte[MaskBytes];

    public PinnedCpu()
    {
        if (SchedGetAffinity(0, MaskBytes, _former) != 0)
        {
            throw new InvalidOperationException($"sched_getaffinity failed (errno {Marshal.GetLastPInvokeError()})");
        }
        Cpu = SchedGetCpu();
        var mask = new byte[MaskBytes];
        mask[Cpu / 8] = (byte)(1 << (Cpu % 8));
        if (SchedSetAffinity(0, MaskBytes, mask) != 0)
        {
            throw new InvalidOperationException($"sched_setaffinity failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    public int Cpu { get; }

    public void Dispose() => SchedSetAffinity(0, MaskBytes, _former);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nint size, [Out] byte[] mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint size, byte[] mask);

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int SchedGetCpu();
}
