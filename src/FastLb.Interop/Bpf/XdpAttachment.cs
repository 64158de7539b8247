using System.Runtime.InteropServices;
using FastLb.Interop.Handles;
using FastLb.Interop.Netns;

namespace FastLb.Interop.Bpf;

/// <summary>An XDP program attached to an interface; disposing detaches it (from any thread).</summary>
public sealed class XdpAttachment : IDisposable
{
    private readonly BpfLinkHandle? _link;
    private readonly BpfFdHandle? _linkFd;
    private readonly SafeHandle? _netns; // netlink path: the namespace to detach in
    private readonly uint _netlinkFlags;
    private bool _disposed;

    private XdpAttachment(BpfLinkHandle? link, BpfFdHandle? linkFd, SafeHandle? netns, uint netlinkFlags, int ifindex, XdpAttachMode mode, string program)
    {
        _link = link;
        _linkFd = linkFd;
        _netns = netns;
        _netlinkFlags = netlinkFlags;
        Ifindex = ifindex;
        Mode = mode;
        ProgramName = program;
    }

    /// <summary>The interface index (in the namespace the attach ran in).</summary>
    public int Ifindex { get; }

    public XdpAttachMode Mode { get; }

    public string ProgramName { get; }

    /// <summary>True for a bpf_link attachment, false for the netlink fallback.</summary>
    public bool IsLink => _link is not null || _linkFd is not null;

    internal static XdpAttachment ForLink(BpfLinkHandle? link, BpfFdHandle? linkFd, int ifindex, XdpAttachMode mode, string program)
        => new(link, linkFd, null, 0, ifindex, mode, program);

    internal static XdpAttachment ForNetlink(int ifindex, uint flags, XdpAttachMode mode, string program)
        => new(null, null, File.OpenHandle("/proc/thread-self/ns/net"), flags, ifindex, mode, program);

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
        var fd = _link is not null ? Interop.Libbpf.BpfLinkFd(_link) : _linkFd?.Fd
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
        _link?.Dispose();
        _linkFd?.Dispose();
        if (_netns is not null)
        {
            try
            {
                // Netlink works by ifindex, which only means something inside the attach's namespace.
                new NetworkNamespace($"/proc/self/fd/{_netns.DangerousGetHandle()}").Run(() =>
                {
                    var rc = Interop.Libbpf.BpfXdpDetach(Ifindex, _netlinkFlags, IntPtr.Zero);
                    if (rc != 0)
                    {
                        var errno = rc < 0 ? -rc : Marshal.GetLastPInvokeError();
                        throw BpfException.FromErrno($"detaching XDP program '{ProgramName}' from ifindex {Ifindex} failed", errno);
                    }
                });
            }
            finally
            {
                _netns.Dispose();
            }
        }
    }
}
