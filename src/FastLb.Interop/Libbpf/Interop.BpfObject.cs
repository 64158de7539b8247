// bpf_object lifecycle (open an ELF file, load it into the kernel, find its programs and maps, close
// it) and the accessors of those maps and programs, whose fds the object owns.
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

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__btf")]
        internal static partial IntPtr BpfObjectBtf(BpfObjectHandle obj);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__find_map_by_name", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial IntPtr BpfObjectFindMapByName(BpfObjectHandle obj, string name);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__next_program")]
        internal static partial IntPtr BpfObjectNextProgram(BpfObjectHandle obj, IntPtr prev);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_object__next_map")]
        internal static partial IntPtr BpfObjectNextMap(BpfObjectHandle obj, IntPtr prev);

        // bpf_map: fd, name, size, initial value of a global-data map.
        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__fd")]
        internal static partial int BpfMapFd(IntPtr map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__name")]
        internal static partial IntPtr BpfMapName(IntPtr map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_max_entries")]
        internal static partial int BpfMapSetMaxEntries(IntPtr map, uint maxEntries);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__inner_map")]
        internal static partial IntPtr BpfMapInnerMap(IntPtr map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__set_map_flags")]
        internal static partial int BpfMapSetMapFlags(IntPtr map, uint flags);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__max_entries")]
        internal static partial uint BpfMapMaxEntries(IntPtr map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__value_size")]
        internal static partial uint BpfMapValueSize(IntPtr map);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_map__initial_value")]
        internal static partial IntPtr BpfMapInitialValue(IntPtr map, out nuint size);

        // bpf_program: fd, name, and a verifier log buffer of our own.
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
