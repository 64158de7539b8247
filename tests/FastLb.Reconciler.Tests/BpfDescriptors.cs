// Counts this process's open BPF program and map descriptors, to prove nothing stays loaded.
namespace FastLb.Reconciler.Tests;

internal static class BpfDescriptors
{
    public static int Count()
    {
        // A handle an earlier test dropped without disposing is closed by its finalizer whenever
        // the GC runs, which could be in the middle of the counting test: finalize them first.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var n = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is "anon_inode:bpf-prog" or "anon_inode:bpf-map" or "anon_inode:bpf_link")
                {
                    n++;
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we listed them.
            }
        }
        return n;
    }
}
