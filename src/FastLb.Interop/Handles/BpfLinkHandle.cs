// Owns a struct bpf_link*; destroying it detaches the program (unless the link is pinned).
using Microsoft.Win32.SafeHandles;

namespace FastLb.Interop.Handles;

internal sealed class BpfLinkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BpfLinkHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => Interop.Libbpf.BpfLinkDestroy(handle) == 0;
}
