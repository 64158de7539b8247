// Owns a struct bpf_object*; closing it unloads its programs and maps (unless pinned or attached).
using Microsoft.Win32.SafeHandles;

namespace FastLb.Interop.Handles;

internal sealed class BpfObjectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BpfObjectHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        Interop.Libbpf.BpfObjectClose(handle);
        return true;
    }
}
