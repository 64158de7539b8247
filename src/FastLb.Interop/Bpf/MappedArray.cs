using System.Runtime.InteropServices;

namespace FastLb.Interop.Bpf;

/// <summary>
/// The values of a BPF_F_MMAPABLE array map, mapped shared and writable into this process: a
/// write is a plain aligned store the XDP program sees at once, with no syscall. Values are laid
/// out at the kernel's stride (value size rounded up to 8 bytes), read here as 32-bit words.
/// Dispose unmaps; the map itself stays open with its owner.
/// </summary>
public sealed unsafe class MappedArray : IDisposable
{
    private nint _address;
    private readonly nuint _length;

    private MappedArray(nint address, nuint length, int words)
    {
        _address = address;
        _length = length;
        Words = words;
    }

    /// <summary>32-bit words the map's values span (max_entries × stride / 4).</summary>
    public int Words { get; }

    /// <summary>Bytes mapped: the values rounded up to whole pages, as the kernel allocates them.</summary>
    public long MappedBytes => (long)_length;

    /// <summary>Maps every value of <paramref name="map"/>, which must be an mmapable array.</summary>
    public static MappedArray Map(BpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Type != BpfMapType.Array || (map.Flags & BpfMap.FlagMmapable) == 0)
        {
            throw new ArgumentException($"map '{map.Name}' ({map.Type}, flags 0x{map.Flags:x}) is not an mmapable array", nameof(map));
        }
        var stride = (map.ValueSize + 7) & ~7;
        var bytes = (long)stride * map.MaxEntries;
        var page = Environment.SystemPageSize;
        var length = (nuint)((bytes + page - 1) / page * page);
        var address = Interop.Mmap.MapReadWrite(length, Interop.Mmap.MapFlags.Shared, map.Fd, 0);
        if (address == Interop.Mmap.MapFailed)
        {
            throw BpfException.FromErrno($"mmap of map '{map.Name}' ({length} bytes) failed", Marshal.GetLastPInvokeError());
        }
        return new MappedArray(address, length, (int)(bytes / sizeof(uint)));
    }

    /// <summary>The words, for reading and bulk copies (a reader may see each aligned word old or new, never torn).</summary>
    public Span<uint> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_address == 0, this);
            return new Span<uint>((void*)_address, Words);
        }
    }

    /// <summary>Stores <paramref name="value"/> at word <paramref name="index"/> as one aligned 32-bit store.</summary>
    public void Write(int index, uint value)
    {
        ObjectDisposedException.ThrowIf(_address == 0, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Words, nameof(index));
        Volatile.Write(ref ((uint*)_address)[index], value);
    }

    /// <summary>Stores <paramref name="values"/>[i] at word <paramref name="indices"/>[i], in order, each as one aligned 32-bit store.</summary>
    public void Scatter(ReadOnlySpan<int> indices, ReadOnlySpan<uint> values)
    {
        ObjectDisposedException.ThrowIf(_address == 0, this);
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, indices.Length, nameof(values));
        var words = (uint*)_address;
        for (var i = 0; i < indices.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)indices[i], (uint)Words, nameof(indices));
            Volatile.Write(ref words[indices[i]], values[i]);
        }
    }

    public void Dispose()
    {
        if (_address != 0)
        {
            Interop.Mmap.Unmap(_address, _length);
            _address = 0;
        }
    }
}
