// Pinned state in bpffs: pinning an fd and getting it back (bpf_obj_pin/bpf_obj_get), map pin paths set
// before load (libbpf then reuses a pinned map), link update and detach, and the info of pinned objects.
using System.Runtime.InteropServices;
using FastLb.Interop.Handles;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        internal const uint BpfLinkTypeXdp = 6; // enum bpf_link_type BPF_LINK_TYPE_XDP

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_obj_pin", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int BpfObjPin(int fd, string path);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_obj_get", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int BpfObjGet(string path);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_obj_get_info_by_fd", SetLastError = true)]
        internal static unsafe partial int BpfObjGetInfoByFd(int fd, void* info, uint* infoLen);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_pin_path", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int BpfMapSetPinPath(IntPtr map, string path);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__is_internal")]
        [return: MarshalAs(UnmanagedType.U1)]
        internal static partial bool BpfMapIsInternal(IntPtr map);

        internal const uint BpfMapTypeDevmap = 14;
        internal const uint BpfMapTypeDevmapHash = 25;

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__type")]
        internal static partial uint BpfMapType(IntPtr map);

        /// <summary>Before load: the map uses the existing map <paramref name="fd"/> (libbpf dups it) instead of creating one.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__reuse_fd")]
        internal static partial int BpfMapReuseFd(IntPtr map, int fd);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__pin", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int BpfMapPin(IntPtr map, string path);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_link__fd")]
        internal static partial int BpfLinkFd(BpfLinkHandle link);

        /// <summary>Replaces the program of link <paramref name="linkFd"/> atomically (opts NULL: any old program).</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_link_update", SetLastError = true)]
        internal static partial int BpfLinkUpdate(int linkFd, int newProgFd, IntPtr opts);

        /// <summary>Detaches the link from its hook even while pins or other fds still hold it.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_link_detach", SetLastError = true)]
        internal static partial int BpfLinkDetach(int linkFd);

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

        /// <summary>The head of struct bpf_link_info with its xdp member; the union is 8-byte aligned.</summary>
        [StructLayout(LayoutKind.Explicit, Size = 64)]
        internal struct LinkInfo
        {
            [FieldOffset(0)] public uint Type;
            [FieldOffset(4)] public uint Id;
            [FieldOffset(8)] public uint ProgId;
            [FieldOffset(16)] public uint XdpIfindex;
        }
    }
}
