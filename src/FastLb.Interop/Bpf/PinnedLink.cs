using System.Runtime.InteropServices;
using FastLb.Interop.Handles;
using static FastLb.Interop.Errno;

namespace FastLb.Interop.Bpf;

/// <summary>
/// An XDP bpf_link pinned in bpffs, opened by path: the attachment a previous controller left.
/// Its program can be replaced atomically (<see cref="Update"/>) or it can be detached; closing
/// this handle changes nothing, the pin keeps the link (and so the program) in place.
/// </summary>
public sealed class PinnedLink : IDisposable
{
    private readonly BpfFdHandle _fd;

    private PinnedLink(string path, BpfFdHandle fd)
    {
        Path = path;
        _fd = fd;
        Refresh();
    }

    public string Path { get; }

    /// <summary>The kernel's id of the link.</summary>
    public uint Id { get; private set; }

    /// <summary>The id of the program the link runs now.</summary>
    public uint ProgramId { get; private set; }

    /// <summary>The interface the link is attached to (0 once detached).</summary>
    public int Ifindex { get; private set; }

    /// <summary>Opens the link pinned at <paramref name="path"/>; null when nothing is pinned there.</summary>
    /// <exception cref="BpfException">The path exists but is not an XDP link, or cannot be opened.</exception>
    public static PinnedLink? TryOpen(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = Interop.Libbpf.BpfObjGet(path);
        if (fd < 0)
        {
            var errno = -fd > 1 ? -fd : Marshal.GetLastPInvokeError();
            if ((Errno)errno == ENOENT)
            {
                return null;
            }
            throw BpfException.FromErrno($"opening pinned link '{path}' failed", errno);
        }
        var handle = new BpfFdHandle(fd);
        try
        {
            return new PinnedLink(path, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The id of a program's fd (to compare with <see cref="ProgramId"/>).</summary>
    public static unsafe uint ProgramIdOf(BpfProgram program)
    {
        var info = stackalloc byte[256];
        new Span<byte>(info, 256).Clear();
        var len = 256u;
        var rc = Interop.Libbpf.BpfObjGetInfoByFd(program.Fd, info, &len);
        if (rc != 0)
        {
            throw BpfException.FromErrno($"reading info of program '{program.Name}' failed", rc < -1 ? -rc : Marshal.GetLastPInvokeError());
        }
        return *(uint*)(info + 4); // struct bpf_prog_info: type, then id
    }

    /// <summary>Makes the link run <paramref name="program"/> from now on: one atomic swap, no packet unserved.</summary>
    public void Update(BpfProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var rc = Interop.Libbpf.BpfLinkUpdate(_fd.Fd, program.Fd, IntPtr.Zero);
        if (rc != 0)
        {
            throw BpfException.FromErrno($"updating pinned link '{Path}' to program '{program.Name}' failed", rc < -1 ? -rc : Marshal.GetLastPInvokeError());
        }
        Refresh();
    }

    /// <summary>Detaches the program from the interface now, whoever else holds the link.</summary>
    public void Detach()
    {
        var rc = Interop.Libbpf.BpfLinkDetach(_fd.Fd);
        if (rc != 0)
        {
            throw BpfException.FromErrno($"detaching pinned link '{Path}' failed", rc < -1 ? -rc : Marshal.GetLastPInvokeError());
        }
        Refresh();
    }

    public void Dispose() => _fd.Dispose();

    private unsafe void Refresh()
    {
        var info = default(Interop.Libbpf.LinkInfo);
        var len = (uint)sizeof(Interop.Libbpf.LinkInfo);
        var rc = Interop.Libbpf.BpfObjGetInfoByFd(_fd.Fd, &info, &len);
        if (rc != 0)
        {
            throw BpfException.FromErrno($"reading info of pinned link '{Path}' failed", rc < -1 ? -rc : Marshal.GetLastPInvokeError());
        }
        if (info.Type != Interop.Libbpf.BpfLinkTypeXdp)
        {
            throw new BpfException($"'{Path}' is not an XDP link (link type {info.Type})", (int)EINVAL);
        }
        Id = info.Id;
        ProgramId = info.ProgId;
        Ifindex = (int)info.XdpIfindex;
    }
}
