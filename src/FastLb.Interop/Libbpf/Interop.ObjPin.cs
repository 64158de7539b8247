// Pinning in bpffs (bpf_obj_pin/bpf_obj_get) and object info (bpf_obj_get_info_by_fd).
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_obj_pin", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int BpfObjPin(int fd, string path);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_obj_get", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int BpfObjGet(string path);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_obj_get_info_by_fd", SetLastError = true)]
        internal static unsafe partial int BpfObjGetInfoByFd(int fd, void* info, uint* infoLen);

        /// <summary>The head of struct bpf_map_info; the kernel fills only what fits.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct MapInfo
        {
            public uint Type;
            public uint Id;
            public uint KeySize;
            public uint ValueSize;
            public uint MaxEntries;
            public uint MapFlags;
            public fixed byte Name[16];
        }
    }
}
