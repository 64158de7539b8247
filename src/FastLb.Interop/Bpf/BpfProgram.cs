using System.Runtime.InteropServices;
using FastLb.Interop.Handles;
using static FastLb.Interop.Errno;

namespace FastLb.Interop.Bpf;

/// <summary>A loaded program of a <see cref="BpfObject"/>; its fd belongs to the object.</summary>
public sealed class BpfProgram
{
    private readonly BpfObject _owner;
    private readonly IntPtr _prog;

    internal BpfProgram(BpfObject owner, IntPtr prog, string name, int fd)
    {
        _owner = owner;
        _prog = prog;
        Name = name;
        Fd = fd;
    }

    public string Name { get; }

    /// <summary>The program fd, owned by the object: valid until the object is disposed.</summary>
    public int Fd { get; }

    /// <summary>The libbpf struct bpf_program*, for attachments made elsewhere in this assembly.</summary>
    internal IntPtr Pointer => _prog;

    /// <summary>
    /// Attaches this XDP program to interface <paramref name="ifindex"/> of the calling thread's
    /// network namespace (run it inside <c>NetworkNamespace.Run</c>). Uses a bpf_link, falling back
    /// to netlink where the kernel has no XDP links.
    /// </summary>
    /// <exception cref="BpfException">The interface is missing, busy, or the mode is unsupported.</exception>
    public XdpAttachment AttachXdp(int ifindex, XdpAttachMode mode = XdpAttachMode.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ifindex);
        _owner.ThrowIfDisposed();
        int errno;
        if (mode == XdpAttachMode.Auto)
        {
            using var capture = LibbpfLog.Capture(null);
            var link = Interop.Libbpf.BpfProgramAttachXdp(_prog, ifindex);
            if (!link.IsInvalid)
            {
                return XdpAttachment.ForLink(link, null, ifindex, mode, Name);
            }
            errno = Marshal.GetLastPInvokeError();
            link.Dispose();
            if (!IsLinkUnsupported(errno))
            {
                throw BpfException.FromErrno(AttachWhat(ifindex, mode), errno, capture.Warnings);
            }
        }
        else
        {
            unsafe
            {
                var opts = new Interop.Libbpf.LinkCreateOpts { Sz = (nuint)sizeof(Interop.Libbpf.LinkCreateOpts), Flags = ModeFlags(mode) };
                var fd = Interop.Libbpf.BpfLinkCreate(Fd, ifindex, Interop.Libbpf.BpfAttachTypeXdp, &opts);
                if (fd >= 0)
                {
                    return XdpAttachment.ForLink(null, new BpfFdHandle(fd), ifindex, mode, Name);
                }
                errno = -fd > 0 ? -fd : Marshal.GetLastPInvokeError();
            }
            if (!IsLinkUnsupported(errno))
            {
                throw BpfException.FromErrno(AttachWhat(ifindex, mode), errno);
            }
        }
        return AttachXdpNetlink(ifindex, mode);
    }

    /// <summary>Attaches through netlink only (the fallback path), e.g. for kernels without XDP links.</summary>
    internal XdpAttachment AttachXdpNetlink(int ifindex, XdpAttachMode mode)
    {
        var flags = ModeFlags(mode);
        using var capture = LibbpfLog.Capture(null);
        var rc = Interop.Libbpf.BpfXdpAttach(ifindex, Fd, flags | Interop.Libbpf.XdpFlagsUpdateIfNoExist, IntPtr.Zero);
        if (rc != 0)
        {
            var errno = rc < 0 ? -rc : Marshal.GetLastPInvokeError();
            throw BpfException.FromErrno(AttachWhat(ifindex, mode) + " (netlink)", errno, capture.Warnings);
        }
        return XdpAttachment.ForNetlink(ifindex, flags, mode, Name);
    }

    /// <summary>
    /// Runs the program once per repetition on <paramref name="frameIn"/> (BPF_PROG_TEST_RUN) and
    /// copies the resulting frame into <paramref name="frameOut"/>. With repeat &gt; 1 the kernel does
    /// not restore the frame between runs.
    /// </summary>
    /// <exception cref="BpfException">The kernel refused the run (e.g. EINVAL for a frame under 14 bytes, ENOSPC when frameOut is too small).</exception>
    public unsafe TestRunResult TestRun(ReadOnlySpan<byte> frameIn, Span<byte> frameOut, uint repeat = 1)
    {
        _owner.ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfZero(repeat);
        fixed (byte* input = frameIn)
        fixed (byte* output = frameOut)
        {
            var opts = RunOpts(input, frameIn.Length, output, frameOut.Length);
            opts.Repeat = checked((int)repeat);
            if (TestRunFailed(&opts, out var errno))
            {
                throw BpfException.FromErrno($"test run of program '{Name}' ({frameIn.Length}-byte frame, {frameOut.Length}-byte output buffer) failed", errno);
            }
            return new TestRunResult(opts.Retval, opts.Duration, (int)opts.DataSizeOut);
        }
    }

    /// <summary>
    /// Runs the program once on <paramref name="frameIn"/> as if it arrived on <paramref name="ingressIfindex"/>
    /// (xdp_md.ingress_ifindex through ctx_in): helpers such as bpf_fib_lookup then see that device and its
    /// namespace. Call it inside the network namespace of that interface. Verdicts do not take effect.
    /// With <paramref name="repeat"/> &gt; 1 the kernel does not restore the frame between runs.
    /// </summary>
    public unsafe TestRunResult TestRun(ReadOnlySpan<byte> frameIn, Span<byte> frameOut, int ingressIfindex, uint repeat = 1)
    {
        _owner.ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ingressIfindex);
        ArgumentOutOfRangeException.ThrowIfZero(repeat);
        var ctx = new Interop.Libbpf.XdpMd { Data = 0, DataEnd = (uint)frameIn.Length, IngressIfindex = (uint)ingressIfindex };
        fixed (byte* input = frameIn)
        fixed (byte* output = frameOut)
        {
            var opts = RunOpts(input, frameIn.Length, output, frameOut.Length);
            opts.CtxIn = &ctx;
            opts.CtxSizeIn = (uint)sizeof(Interop.Libbpf.XdpMd);
            opts.Repeat = checked((int)repeat);
            if (TestRunFailed(&opts, out var errno))
            {
                throw BpfException.FromErrno($"test run of program '{Name}' on ifindex {ingressIfindex} ({frameIn.Length}-byte frame) failed", errno);
            }
            return new TestRunResult(opts.Retval, opts.Duration, (int)opts.DataSizeOut);
        }
    }

    /// <summary>
    /// Runs the program <paramref name="repeat"/> times on live frames (BPF_F_TEST_XDP_LIVE_FRAMES):
    /// verdicts take effect, so XDP_TX frames really leave <paramref name="ingressIfindex"/>. Call it
    /// inside the network namespace of that interface.
    /// </summary>
    public unsafe TestRunResult TestRunLive(ReadOnlySpan<byte> frame, int ingressIfindex, uint repeat, uint batchSize = 64)
    {
        _owner.ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ingressIfindex);
        ArgumentOutOfRangeException.ThrowIfZero(repeat);
        var ctx = new Interop.Libbpf.XdpMd { Data = 0, DataEnd = (uint)frame.Length, IngressIfindex = (uint)ingressIfindex };
        fixed (byte* input = frame)
        {
            var opts = RunOpts(input, frame.Length, null, 0);
            opts.CtxIn = &ctx;
            opts.CtxSizeIn = (uint)sizeof(Interop.Libbpf.XdpMd);
            opts.Repeat = checked((int)repeat);
            opts.Flags = Interop.Libbpf.BpfFTestXdpLiveFrames;
            opts.BatchSize = batchSize;
            if (TestRunFailed(&opts, out var errno))
            {
                throw BpfException.FromErrno($"live-frames test run of program '{Name}' on ifindex {ingressIfindex} failed", errno);
            }
            return new TestRunResult(opts.Retval, opts.Duration, 0);
        }
    }

    /// <summary>
    /// Runs a syscall program (SEC("syscall")) once, <paramref name="context"/> its context
    /// (BPF_PROG_TEST_RUN with ctx_in only), and returns what it returned.
    /// </summary>
    /// <exception cref="BpfException">The kernel refused the run (e.g. EINVAL for a context shorter than the program reads).</exception>
    public unsafe int RunSyscall(ReadOnlySpan<byte> context)
    {
        _owner.ThrowIfDisposed();
        fixed (byte* ctx = context)
        {
            var opts = RunOpts(null, 0, null, 0);
            opts.CtxIn = ctx;
            opts.CtxSizeIn = (uint)context.Length;
            if (TestRunFailed(&opts, out var errno))
            {
                throw BpfException.FromErrno($"run of syscall program '{Name}' ({context.Length}-byte context) failed", errno);
            }
            return (int)opts.Retval;
        }
    }

    /// <summary>The options every test run starts from: the input frame and the output buffer (null, 0 for none).</summary>
    private static unsafe Interop.Libbpf.TestRunOpts RunOpts(byte* input, int inputLength, byte* output, int outputLength) => new()
    {
        Sz = (nuint)sizeof(Interop.Libbpf.TestRunOpts),
        DataIn = input,
        DataSizeIn = (uint)inputLength,
        DataOut = output,
        DataSizeOut = (uint)outputLength,
    };

    /// <summary>Runs BPF_PROG_TEST_RUN with <paramref name="opts"/>; true, with the refusal's errno, when the kernel refused (the caller names what failed).</summary>
    private unsafe bool TestRunFailed(Interop.Libbpf.TestRunOpts* opts, out int errno)
    {
        var rc = Interop.Libbpf.BpfProgTestRunOpts(Fd, opts);
        errno = rc == 0 ? 0 : rc < 0 ? -rc : Marshal.GetLastPInvokeError();
        return rc != 0;
    }

    private static bool IsLinkUnsupported(int errno) => (Errno)errno is EOPNOTSUPP or ENOTSUPP or EINVAL;

    private static uint ModeFlags(XdpAttachMode mode) => mode switch
    {
        XdpAttachMode.Native => Interop.Libbpf.XdpFlagsDrvMode,
        XdpAttachMode.Generic => Interop.Libbpf.XdpFlagsSkbMode,
        _ => 0,
    };

    private string AttachWhat(int ifindex, XdpAttachMode mode) => $"attaching XDP program '{Name}' to ifindex {ifindex} ({mode}) failed";
}
