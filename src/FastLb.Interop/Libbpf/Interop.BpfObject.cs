// bpf_object lifecycle: open an ELF file, load it into the kernel, find its programs and maps, close it.
using System.Runtime.InteropServices;
using FastLb.Interop.Handles;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__open_file", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial BpfObjectHandle BpfObjectOpenFile(string path, IntPtr opts);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__load", SetLastError = true)]
        internal static partial int BpfObjectLoad(BpfObjectHandle obj);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__close")]
        internal static partial void BpfObjectClose(IntPtr obj);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__find_program_by_name", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial IntPtr BpfObjectFindProgramByName(BpfObjectHandle obj, string name);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__find_map_by_name", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial IntPtr BpfObjectFindMapByName(BpfObjectHandle obj, string name);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__next_program")]
        internal static partial IntPtr BpfObjectNextProgram(BpfObjectHandle obj, IntPtr prev);
    }
}
