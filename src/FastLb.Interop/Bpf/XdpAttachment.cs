using System.Runtime.InteropServices;
using FastLb.Interop.Handles;
using FastLb.Interop.Netns;

namespace FastLb.Interop.Bpf;

/// <summary>An XDP program attached to an interface; disposing detaches it (from any thread).</summary>
public sealed class XdpAttachment : IDisposable
{
    private bool _disposed;

    private XdpAttachment(int ifindex, XdpAttachMode mode, string program)
    {
        Ifindex = ifindex;
        Mode = mode;
        ProgramName = program;
    }

    /// <summary>The interface index (in the namespace the attach ran in).</summary>
    public int Ifindex { get; }

    public XdpAttachMode Mode { get; }

    public string ProgramName { get; }

    /// <summary>True for a bpf_link attachment, false for the netlink fallback.</summary>
    public bool IsLink => Link is not null || LinkFd is not null;

    // A bpf_link attachment holds the link (libbpf's) or a raw link fd; closing either detaches.
    private BpfLinkHandle? Link { get; init; }

    private BpfFdHandle? LinkFd { get; init; }

    // A netlink attachment is detached by ifindex, which only means something in the attach's namespace.
    private SafeHandle? Netns { get; init; }

    private uint NetlinkFlags { get; init; }

    internal static XdpAttachment ForLink(BpfLinkHandle? link, BpfFdHandle? linkFd, int ifindex, XdpAttachMode mode, string program)
        => new(ifindex, mode, program) { Link = link, LinkFd = linkFd };

    internal static XdpAttachment ForNetlink(int ifindex, uint flags, XdpAttachMode mode, string program)
        => new(ifindex, mode, program) { Netns = File.OpenHandle("/proc/thread-self/ns/net"), NetlinkFlags = flags };

    /// <summary>
    /// Pins the link at <paramref name="path"/> in bpffs: from then on disposing (or the process
    /// dying) only closes this process's fd, and the program stays attached until the pin is
    /// removed and the link detached (<see cref="PinnedLink.Detach"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">A netlink attachment (no bpf_link) cannot be pinned.</exception>
    public void Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var fd = Link is not null ? Interop.Libbpf.BpfLinkFd(Link) : LinkFd?.Fd
            ?? throw new NotSupportedException($"the XDP program on ifindex {Ifindex} is attached through netlink (no bpf_link): it cannot be pinned");
        var rc = Interop.Libbpf.BpfObjPin(fd, path);
        if (rc != 0)
        {
            var errno = rc < -1 ? -rc : Marshal.GetLastPInvokeError();
            throw BpfException.FromErrno($"pinning the XDP link of ifindex {Ifindex} at '{path}' failed", errno);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Link?.Dispose();
        LinkFd?.Dispose();
        if (Netns is not null)
        {
            try
            {
                new NetworkNamespace($"/proc/self/fd/{Netns.DangerousGetHandle()}").Run(() =>
                {
                    var rc = Interop.Libbpf.BpfXdpDetach(Ifindex, NetlinkFlags, IntPtr.Zero);
                    if (rc != 0)
                    {
                        var errno = rc < 0 ? -rc : Marshal.GetLastPInvokeError();
                        throw BpfException.FromErrno($"detaching XDP program '{ProgramName}' from ifindex {Ifindex} failed", errno);
                    }
                });
            }
            finally
            {
                Netns.Dispose();
            }
        }
    }
}
