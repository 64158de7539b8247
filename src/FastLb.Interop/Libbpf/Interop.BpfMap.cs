// bpf_map accessors: its fd (owned by the object) and name.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__fd")]
        internal static partial int BpfMapFd(IntPtr map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__name")]
        internal static partial IntPtr BpfMapName(IntPtr map);
    }
}
