// Maps made outside any object (inner tables of a map-of-maps) and maps reached by id.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        /// <summary>struct bpf_map_create_opts of libbpf 1.1 (sz first: newer fields are left zero).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct MapCreateOpts
        {
            public nuint Sz;
            public uint BtfFd;
            public uint BtfKeyTypeId;
            public uint BtfValueTypeId;
            public uint BtfVmlinuxValueTypeId;
            public uint InnerMapFd;
            public uint MapFlags;
            public ulong MapExtra;
            public uint NumaNode;
            public uint MapIfindex;
        }

        /// <summary>Returns a new map fd, or a negative errno.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static unsafe partial int BpfMapCreate(uint mapType, string? name, uint keySize, uint valueSize, uint maxEntries, MapCreateOpts* opts);

        /// <summary>Returns a new fd of map <paramref name="id"/>, or a negative errno.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map_get_fd_by_id", SetLastError = true)]
        internal static partial int BpfMapGetFdById(uint id);
    }
}
