// XDP through netlink (bpf_xdp_attach/detach), for kernels without XDP bpf_link.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        internal const uint XdpFlagsUpdateIfNoExist = 1u << 0;
        internal const uint XdpFlagsSkbMode = 1u << 1;
        internal const uint XdpFlagsDrvMode = 1u << 2;

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_xdp_attach", SetLastError = true)]
        internal static partial int BpfXdpAttach(int ifindex, int progFd, uint flags, IntPtr opts);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_xdp_detach", SetLastError = true)]
        internal static partial int BpfXdpDetach(int ifindex, uint flags, IntPtr opts);
    }
}
