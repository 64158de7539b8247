using System.Runtime.InteropServices;
using FastLb.Interop.Handles;
using static FastLb.Interop.Errno;

namespace FastLb.Interop.Bpf;

/// <summary>
/// An iter/bpf_map_elem program attached to one map. <see cref="Run"/> reads a fresh iterator to its
/// end, which runs the program once per element of the map (and once more with none, at the end);
/// what the program writes to its output is discarded: it reports through its own maps.
/// </summary>
public sealed class BpfMapIterator : IDisposable
{
    private readonly BpfLinkHandle _link;
    private readonly string _what;

    private BpfMapIterator(BpfLinkHandle link, string what)
    {
        _link = link;
        _what = what;
    }

    /// <exception cref="BpfException">The kernel refused the attachment (no iterator support, a value read beyond the map's size).</exception>
    public static unsafe BpfMapIterator Attach(BpfProgram program, BpfMap map)
    {
        var info = new Interop.Libbpf.IterMapLinkInfo { MapFd = (uint)map.Fd };
        var opts = new Interop.Libbpf.IterAttachOpts
        {
            Sz = (nuint)sizeof(Interop.Libbpf.IterAttachOpts),
            LinkInfo = &info,
            LinkInfoLen = (uint)sizeof(Interop.Libbpf.IterMapLinkInfo),
        };
        var what = $"iterator {program.Name} over map {map.Name}";
        using var capture = LibbpfLog.Capture(null);
        var link = Interop.Libbpf.BpfProgramAttachIter(program.Pointer, &opts);
        if (link.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            link.Dispose();
            throw BpfException.FromErrno("attach " + what, errno, capture.Warnings);
        }
        return new BpfMapIterator(link, what);
    }

    /// <summary>Walks the whole map once.</summary>
    public unsafe void Run()
    {
        var fd = Interop.Libbpf.BpfIterCreate(Interop.Libbpf.BpfLinkFd(_link.DangerousGetHandle()));
        if (fd < 0)
        {
            throw BpfException.FromErrno("open " + _what, -fd > 0 ? -fd : Marshal.GetLastPInvokeError());
        }
        try
        {
            var buffer = stackalloc byte[4096];
            while (true)
            {
                var n = Interop.Libc.Read(fd, buffer, 4096);
                if (n == 0)
                {
                    return;
                }
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    // EAGAIN: the kernel stops a read after a million elements that printed nothing
                    // (the connection table's buckets are more by default); the next read resumes.
                    if ((Errno)errno is EINTR or EAGAIN)
                    {
                        continue;
                    }
                    throw BpfException.FromErrno("read " + _what, errno);
                }
            }
        }
        finally
        {
            Interop.Libc.Close(fd);
        }
    }

    public void Dispose() => _link.Dispose();
}
