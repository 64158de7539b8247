using System.Runtime.InteropServices;

namespace FastLb.Testing;

/// <summary>What the current process may do, for tests that need root.</summary>
public static partial class Privileges
{
    /// <summary>True when running as root (BPF, netns and XDP need it).</summary>
    public static bool IsRoot => GetEuid() == 0;

    /// <summary>True under CI, where a missing privilege is a failure, never a skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a root test is skipped: outside CI without root; null (run it) otherwise.</summary>
    public static string? RootSkipReason => !IsRoot && !InCi ? "needs root (set CI=true to make this a failure)" : null;

    /// <summary>Fails with a clear message unless root; call at the start of a root test.</summary>
    public static void RequireRoot()
    {
        if (!IsRoot)
        {
            throw new InvalidOperationException("this test needs root (BPF, XDP and network namespaces); run it as root");
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
