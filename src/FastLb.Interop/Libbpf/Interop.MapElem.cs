// Single-element map syscalls: lookup, update, delete, next key.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_lookup_elem", SetLastError = true)]
        internal static unsafe partial int BpfMapLookupElem(int fd, void* key, void* value);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_update_elem", SetLastError = true)]
        internal static unsafe partial int BpfMapUpdateElem(int fd, void* key, void* value, ulong flags);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_delete_elem", SetLastError = true)]
        internal static unsafe partial int BpfMapDeleteElem(int fd, void* key);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_get_next_key", SetLastError = true)]
        internal static unsafe partial int BpfMapGetNextKey(int fd, void* key, void* nextKey);
    }
}
