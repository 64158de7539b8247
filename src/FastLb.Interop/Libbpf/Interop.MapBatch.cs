// Batched map syscalls; struct bpf_map_batch_opts carries its own size first.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_lookup_batch", SetLastError = true)]
        internal static unsafe partial int BpfMapLookupBatch(int fd, void* inBatch, void* outBatch, void* keys, void* values, uint* count, MapBatchOpts* opts);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_update_batch", SetLastError = true)]
        internal static unsafe partial int BpfMapUpdateBatch(int fd, void* keys, void* values, uint* count, MapBatchOpts* opts);

        [StructLayout(LayoutKind.Sequential)]
        internal struct MapBatchOpts
        {
            public nuint Sz;
            public ulong ElemFlags;
            public ulong Flags;
        }
    }
}
