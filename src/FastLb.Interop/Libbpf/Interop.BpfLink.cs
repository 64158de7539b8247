// XDP through bpf_link: libbpf's attach (any mode), a raw link create (a chosen mode), and link teardown.
using System.Runtime.InteropServices;
using FastLb.Interop.Handles;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        internal const int BpfAttachTypeXdp = 37; // enum bpf_attach_type BPF_XDP

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__attach_xdp", SetLastError = true)]
        internal static partial BpfLinkHandle BpfProgramAttachXdp(IntPtr prog, int ifindex);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_link__fd")]
        internal static partial int BpfLinkFd(IntPtr link);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_link__destroy")]
        internal static partial int BpfLinkDestroy(IntPtr link);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_link_create", SetLastError = true)]
        internal static unsafe partial int BpfLinkCreate(int progFd, int targetFd, int attachType, LinkCreateOpts* opts);

        /// <summary>struct bpf_link_create_opts (libbpf 1.1): 64 bytes; only sz and flags are used.</summary>
        [StructLayout(LayoutKind.Explicit, Size = 64)]
        internal struct LinkCreateOpts
        {
            [FieldOffset(0)] public nuint Sz;
            [FieldOffset(8)] public uint Flags;
        }
    }
}
