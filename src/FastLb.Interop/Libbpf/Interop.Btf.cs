// BTF parsing: read an object's type information and walk its types.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__parse_elf", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial IntPtr BtfParseElf(string path, IntPtr btfExt);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__free")]
        internal static partial void BtfFree(IntPtr btf);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__find_by_name_kind", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int BtfFindByNameKind(IntPtr btf, string name, BtfKind kind);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__type_by_id")]
        internal static partial IntPtr BtfTypeById(IntPtr btf, uint id);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__name_by_offset")]
        internal static partial IntPtr BtfNameByOffset(IntPtr btf, uint offset);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "btf__resolve_size")]
        internal static partial long BtfResolveSize(IntPtr btf, uint typeId);

        /// <summary>The BTF_KIND_* values of btf_type.info that FastLb looks up.</summary>
        internal enum BtfKind : uint
        {
            Struct = 4,
            Enum = 6,
            Datasec = 15,
        }

        /// <summary>struct btf_type; vlen members/enumerators follow it.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct BtfType
        {
            public uint NameOff;
            public uint Info; // vlen: bits 0-15, kind: bits 24-28, kind_flag: bit 31
            public uint SizeOrType;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct BtfMember
        {
            public uint NameOff;
            public uint Type;
            public uint Offset; // bits; with kind_flag: bitfield size in bits 24-31
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct BtfEnum
        {
            public uint NameOff;
            public int Val;
        }
    }
}
