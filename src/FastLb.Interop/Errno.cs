namespace FastLb.Interop;

/// <summary>The errno values the BPF and socket calls of this assembly test for (Linux, generic numbering).</summary>
internal enum Errno
{
    ENOENT = 2,
    EINTR = 4,
    EAGAIN = 11,
    EBUSY = 16,
    EINVAL = 22,
    ENOSPC = 28,
    EOPNOTSUPP = 95,
    ENOBUFS = 105,
    ENOTSUPP = 524, // kernel-internal, leaks out of some BPF paths
}
