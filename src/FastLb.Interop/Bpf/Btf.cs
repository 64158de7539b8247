using System.Runtime.InteropServices;

namespace FastLb.Interop.Bpf;

/// <summary>The BTF type information of a compiled BPF object: struct layouts and enum values.</summary>
public sealed class Btf : IDisposable
{
    private IntPtr _btf;
    private readonly bool _owned;

    private Btf(string path, IntPtr btf, bool owned = true)
    {
        Path = path;
        _btf = btf;
        _owned = owned;
    }

    /// <summary>
    /// The BTF an opened object holds (not freed here; valid while the object is): libbpf has fixed
    /// its data sections' variable offsets from the ELF symbols, which the raw section may lack.
    /// </summary>
    internal static Btf OfObject(string path, IntPtr btf) =>
        btf == IntPtr.Zero ? throw new InvalidOperationException($"BPF object '{path}' has no BTF") : new Btf(path, btf, owned: false);

    /// <summary>The ELF file the BTF came from.</summary>
    public string Path { get; }

    /// <summary>Reads the .BTF section of the ELF object at <paramref name="objectPath"/>.</summary>
    /// <exception cref="BpfException">The file is missing or has no BTF.</exception>
    public static Btf ParseElf(string objectPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectPath);
        using var capture = LibbpfLog.Capture(null);
        var btf = Interop.Libbpf.BtfParseElf(objectPath, IntPtr.Zero);
        if (btf == IntPtr.Zero)
        {
            throw BpfException.FromErrno($"reading BTF of '{objectPath}' failed", Marshal.GetLastPInvokeError(), capture.Warnings);
        }
        return new Btf(objectPath, btf);
    }

    /// <summary>True if the BTF has a struct named <paramref name="name"/> (without "struct ").</summary>
    public bool HasStruct(string name) => Find(name, Interop.Libbpf.BtfKind.Struct) > 0;

    /// <summary>The layout of struct <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The BTF has no such struct.</exception>
    public unsafe BtfStruct Struct(string name)
    {
        var type = Require(name, Interop.Libbpf.BtfKind.Struct, $"struct {name}", out var vlen);
        var kindFlag = (type->Info >> 31) != 0;
        var members = (Interop.Libbpf.BtfMember*)(type + 1);
        var result = new List<BtfMember>(vlen);
        for (var i = 0; i < vlen; i++)
        {
            var m = members[i];
            var bitOffset = kindFlag ? m.Offset & 0xffffff : m.Offset;
            var size = Interop.Libbpf.BtfResolveSize(_btf, m.Type);
            result.Add(new BtfMember(NameAt(m.NameOff), (int)(bitOffset / 8), (int)size));
        }
        return new BtfStruct(name, (int)type->SizeOrType, result);
    }

    /// <summary>Where global <paramref name="variable"/> sits in data section <paramref name="section"/> (".rodata"): byte offset and size.</summary>
    /// <exception cref="KeyNotFoundException">No such section, or the variable is not in it.</exception>
    public unsafe (int Offset, int Size) VariableIn(string section, string variable)
    {
        var type = Require(section, Interop.Libbpf.BtfKind.Datasec, $"data section {section}", out var vlen);
        // struct btf_var_secinfo { type, offset, size }: same shape as BtfMember.
        var vars = (Interop.Libbpf.BtfMember*)(type + 1);
        for (var i = 0; i < vlen; i++)
        {
            var var = (Interop.Libbpf.BtfType*)Interop.Libbpf.BtfTypeById(_btf, vars[i].NameOff);
            if (NameAt(var->NameOff) == variable)
            {
                return ((int)vars[i].Type, (int)vars[i].Offset);
            }
        }
        throw new KeyNotFoundException($"BTF of '{Path}': {section} has no variable {variable}");
    }

    /// <summary>The value of <paramref name="member"/> in enum <paramref name="enumName"/>.</summary>
    /// <exception cref="KeyNotFoundException">The BTF has no such enum or member.</exception>
    public unsafe int EnumValue(string enumName, string member)
    {
        var type = Require(enumName, Interop.Libbpf.BtfKind.Enum, $"enum {enumName}", out var vlen);
        var values = (Interop.Libbpf.BtfEnum*)(type + 1);
        for (var i = 0; i < vlen; i++)
        {
            if (NameAt(values[i].NameOff) == member)
            {
                return values[i].Val;
            }
        }
        throw new KeyNotFoundException($"enum {enumName} in BTF of '{Path}' has no member {member}");
    }

    /// <summary>Every enumerator of enum <paramref name="enumName"/>, in declaration order.</summary>
    public unsafe IReadOnlyList<KeyValuePair<string, int>> EnumValues(string enumName)
    {
        var type = Require(enumName, Interop.Libbpf.BtfKind.Enum, $"enum {enumName}", out var vlen);
        var values = (Interop.Libbpf.BtfEnum*)(type + 1);
        var result = new List<KeyValuePair<string, int>>(vlen);
        for (var i = 0; i < vlen; i++)
        {
            result.Add(new(NameAt(values[i].NameOff), values[i].Val));
        }
        return result;
    }

    public void Dispose()
    {
        var btf = Interlocked.Exchange(ref _btf, IntPtr.Zero);
        if (btf != IntPtr.Zero && _owned)
        {
            Interop.Libbpf.BtfFree(btf);
        }
    }

    private int Find(string name, Interop.Libbpf.BtfKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ObjectDisposedException.ThrowIf(_btf == IntPtr.Zero, this);
        return Interop.Libbpf.BtfFindByNameKind(_btf, name, kind);
    }

    private string NameAt(uint offset) => Marshal.PtrToStringUTF8(Interop.Libbpf.BtfNameByOffset(_btf, offset)) ?? string.Empty;

    /// <summary>The type named <paramref name="name"/> of <paramref name="kind"/>; <paramref name="vlen"/>, how many members it has.</summary>
    /// <exception cref="KeyNotFoundException">The BTF has none: the message names <paramref name="what"/>.</exception>
    private unsafe Interop.Libbpf.BtfType* Require(string name, Interop.Libbpf.BtfKind kind, string what, out int vlen)
    {
        var id = Find(name, kind);
        if (id <= 0)
        {
            throw new KeyNotFoundException($"BTF of '{Path}' has no {what}");
        }
        var type = (Interop.Libbpf.BtfType*)Interop.Libbpf.BtfTypeById(_btf, (uint)id);
        vlen = (int)(type->Info & 0xffff);
        return type;
    }
}
