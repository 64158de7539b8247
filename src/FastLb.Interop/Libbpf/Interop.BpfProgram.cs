// bpf_program accessors: its fd (owned by the object), its name, and a custom verifier log buffer.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__fd")]
        internal static partial int BpfProgramFd(IntPtr prog);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__name")]
        internal static partial IntPtr BpfProgramName(IntPtr prog);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__set_log_level")]
        internal static partial int BpfProgramSetLogLevel(IntPtr prog, uint level);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_program__set_log_buf")]
        internal static partial int BpfProgramSetLogBuf(IntPtr prog, IntPtr buf, nuint size);
    }
}
