// BPF iterators: attach an iter program to one map, open a reader on the link, read it to its end.
using System.Runtime.InteropServices;
using FastLb.Interop.Handles;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__attach_iter", SetLastError = true)]
        internal static unsafe partial BpfLinkHandle BpfProgramAttachIter(IntPtr prog, IterAttachOpts* opts);

        /// <summary>A new reader of the iterator link: each read runs the program over the next elements.</summary>
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_iter_create", SetLastError = true)]
        internal static partial int BpfIterCreate(int linkFd);

        /// <summary>struct bpf_iter_attach_opts: sz, link_info, link_info_len (24 bytes with padding).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct IterAttachOpts
        {
            public nuint Sz;
            public IterMapLinkInfo* LinkInfo;
            public uint LinkInfoLen;
        }

        /// <summary>The map member of union bpf_iter_link_info: the map a bpf_map_elem iterator walks.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct IterMapLinkInfo
        {
            public uint MapFd;
        }
    }

    internal static partial class Libc
    {
        [LibraryImport(Libraries.Libc, EntryPoint = "read", SetLastError = true)]
        internal static unsafe partial nint Read(int fd, byte* buffer, nuint count);
    }
}
