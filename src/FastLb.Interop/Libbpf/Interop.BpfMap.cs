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

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_max_entries")]
        internal static partial int BpfMapSetMaxEntries(IntPtr map, uint maxEntries);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__max_entries")]
        internal static partial uint BpfMapMaxEntries(IntPtr map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__initial_value")]
        internal static partial IntPtr BpfMapInitialValue(IntPtr map, out nuint size);
    }
}
