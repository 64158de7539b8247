// Owns a BPF file descriptor that no bpf_object owns: a pinned map/program from bpf_obj_get, a raw link.
using Microsoft.Win32.SafeHandles;

namespace FastLb.Interop.Handles;

internal sealed class BpfFdHandle : SafeHandleMinusOneIsInvalid
{
    public BpfFdHandle()
        : base(ownsHandle: true)
    {
    }

    internal BpfFdHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => Interop.Libc.Close((int)handle) == 0;
}
