using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastLb.Interop.Handles;

namespace FastLb.Interop.Bpf;

/// <summary>
/// A kernel BPF map, accessed with unmanaged structs whose sizes must match the map's key and value
/// sizes exactly. A map of a <see cref="BpfObject"/> borrows the object's fd; one from
/// <see cref="OpenPinned"/> owns its fd and closes it on <see cref="Dispose"/>.
/// </summary>
public sealed class BpfMap : IDisposable
{
    private const int ENOENT = 2;
    private const int ENOSPC = 28;

    private static readonly Lazy<int> s_possibleCpus = new(() =>
    {
        var n = Interop.Libbpf.LibbpfNumPossibleCpus();
        return n > 0 ? n : throw BpfException.FromErrno("libbpf_num_possible_cpus failed", -n);
    });

    private readonly BpfObject? _owner;
    private readonly BpfFdHandle? _ownedFd;

    private BpfMap(BpfObject? owner, BpfFdHandle? ownedFd, string name, int fd)
    {
        _owner = owner;
        _ownedFd = ownedFd;
        Fd = fd;
        var info = QueryInfo(fd, name);
        Name = name.Length > 0 ? name : info.Name;
        Type = (BpfMapType)info.Type;
        KeySize = (int)info.KeySize;
        ValueSize = (int)info.ValueSize;
        MaxEntries = (int)info.MaxEntries;
    }

    /// <summary>The number of possible CPUs: entries of a per-CPU value.</summary>
    public static int PossibleCpus => s_possibleCpus.Value;

    public string Name { get; }

    public int Fd { get; }

    public BpfMapType Type { get; }

    public int KeySize { get; }

    public int ValueSize { get; }

    public int MaxEntries { get; }

    /// <summary>True for maps holding one value per CPU (per-CPU hash, array, LRU hash).</summary>
    public bool IsPerCpu => Type is BpfMapType.PerCpuHash or BpfMapType.PerCpuArray or BpfMapType.LruPerCpuHash;

    /// <summary>Opens a map pinned in bpffs at <paramref name="path"/>; dispose it to close the fd.</summary>
    public static BpfMap OpenPinned(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = Interop.Libbpf.BpfObjGet(path);
        if (fd < 0)
        {
            var errno = -fd > 1 ? -fd : Marshal.GetLastPInvokeError();
            throw BpfException.FromErrno($"opening pinned map '{path}' failed", errno);
        }
        var handle = new BpfFdHandle(fd);
        try
        {
            return new BpfMap(null, handle, string.Empty, fd);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Looks up <paramref name="key"/>; false if it is absent.</summary>
    public unsafe bool TryLookup<TKey, TValue>(in TKey key, out TValue value)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequireNotPerCpu(nameof(LookupPerCpu));
        TValue result;
        fixed (TKey* k = &key)
        {
            if (Interop.Libbpf.BpfMapLookupElem(Fd, k, &result) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ENOENT)
                {
                    value = default;
                    return false;
                }
                throw Error("lookup", errno);
            }
        }
        value = result;
        return true;
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="key"/>.</summary>
    public unsafe void Update<TKey, TValue>(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequireNotPerCpu(nameof(UpdatePerCpu));
        fixed (TKey* k = &key)
        fixed (TValue* v = &value)
        {
            if (Interop.Libbpf.BpfMapUpdateElem(Fd, k, v, (ulong)flags) != 0)
            {
                throw Error($"update ({flags})", Marshal.GetLastPInvokeError());
            }
        }
    }

    /// <summary>Deletes <paramref name="key"/>; false if it was absent. Array maps refuse deletes (EINVAL).</summary>
    public unsafe bool Delete<TKey>(in TKey key)
        where TKey : unmanaged
    {
        CheckKey<TKey>();
        fixed (TKey* k = &key)
        {
            if (Interop.Libbpf.BpfMapDeleteElem(Fd, k) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ENOENT)
                {
                    return false;
                }
                throw Error("delete", errno);
            }
        }
        return true;
    }

    /// <summary>
    /// The values of every possible CPU at <paramref name="key"/> of a per-CPU map (index = CPU);
    /// an empty array if the key is absent.
    /// </summary>
    public unsafe TValue[] LookupPerCpu<TKey, TValue>(in TKey key)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequirePerCpu();
        var stride = PerCpuStride;
        var cpus = PossibleCpus;
        var buffer = new byte[stride * cpus];
        fixed (TKey* k = &key)
        fixed (byte* b = buffer)
        {
            if (Interop.Libbpf.BpfMapLookupElem(Fd, k, b) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ENOENT)
                {
                    return [];
                }
                throw Error("per-CPU lookup", errno);
            }
            var values = new TValue[cpus];
            for (var cpu = 0; cpu < cpus; cpu++)
            {
                values[cpu] = Unsafe.ReadUnaligned<TValue>(b + (cpu * stride));
            }
            return values;
        }
    }

    /// <summary>Writes one value per possible CPU at <paramref name="key"/> of a per-CPU map.</summary>
    public unsafe void UpdatePerCpu<TKey, TValue>(in TKey key, ReadOnlySpan<TValue> values, MapUpdate flags = MapUpdate.Any)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequirePerCpu();
        if (values.Length != PossibleCpus)
        {
            throw new ArgumentException($"map '{Name}' is per-CPU: give {PossibleCpus} values (one per possible CPU), not {values.Length}", nameof(values));
        }
        var stride = PerCpuStride;
        var buffer = new byte[stride * values.Length];
        fixed (TKey* k = &key)
        fixed (byte* b = buffer)
        {
            for (var cpu = 0; cpu < values.Length; cpu++)
            {
                Unsafe.WriteUnaligned(b + (cpu * stride), values[cpu]);
            }
            if (Interop.Libbpf.BpfMapUpdateElem(Fd, k, b, (ulong)flags) != 0)
            {
                throw Error($"per-CPU update ({flags})", Marshal.GetLastPInvokeError());
            }
        }
    }

    /// <summary>Every key, walked with bpf_map_get_next_key (concurrent writers may cause repeats or misses).</summary>
    public IEnumerable<TKey> Keys<TKey>()
        where TKey : unmanaged
    {
        CheckKey<TKey>();
        return Walk();

        IEnumerable<TKey> Walk()
        {
            TKey? current = null;
            while (true)
            {
                if (!TryNextKey(current, out var next))
                {
                    yield break;
                }
                yield return next;
                current = next;
            }
        }
    }

    /// <summary>Writes all pairs in one syscall (bpf_map_update_batch); returns how many were written.</summary>
    public unsafe int UpdateBatch<TKey, TValue>(ReadOnlySpan<TKey> keys, ReadOnlySpan<TValue> values, MapUpdate flags = MapUpdate.Any)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequireNotPerCpu(nameof(UpdatePerCpu));
        if (keys.Length != values.Length)
        {
            throw new ArgumentException($"batch update of map '{Name}': {keys.Length} keys but {values.Length} values", nameof(values));
        }
        if (keys.IsEmpty)
        {
            return 0;
        }
        var count = (uint)keys.Length;
        var opts = new Interop.Libbpf.MapBatchOpts { Sz = (nuint)sizeof(Interop.Libbpf.MapBatchOpts), ElemFlags = (ulong)flags };
        fixed (TKey* k = keys)
        fixed (TValue* v = values)
        {
            if (Interop.Libbpf.BpfMapUpdateBatch(Fd, k, v, &count, &opts) != 0)
            {
                throw Error($"batch update of {keys.Length} entries ({count} written)", Marshal.GetLastPInvokeError());
            }
        }
        return (int)count;
    }

    /// <summary>Every entry, read with bpf_map_lookup_batch, <paramref name="batchSize"/> entries per syscall.</summary>
    public unsafe List<KeyValuePair<TKey, TValue>> LookupBatch<TKey, TValue>(int batchSize = 256)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequireNotPerCpu(nameof(LookupPerCpu));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var result = new List<KeyValuePair<TKey, TValue>>();
        // The batch cursor is opaque to us; the kernel uses at most a key's size (a bucket or index).
        var tokenSize = Math.Max(KeySize, sizeof(ulong));
        var inToken = new byte[tokenSize];
        var outToken = new byte[tokenSize];
        var first = true;
        var keys = new TKey[batchSize];
        var values = new TValue[batchSize];
        while (true)
        {
            var count = (uint)keys.Length;
            var opts = new Interop.Libbpf.MapBatchOpts { Sz = (nuint)sizeof(Interop.Libbpf.MapBatchOpts) };
            int rc;
            int errno;
            fixed (byte* inB = inToken)
            fixed (byte* outB = outToken)
            fixed (TKey* k = keys)
            fixed (TValue* v = values)
            {
                rc = Interop.Libbpf.BpfMapLookupBatch(Fd, first ? null : inB, outB, k, v, &count, &opts);
                errno = rc != 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            if (rc != 0 && errno == ENOSPC && count == 0)
            {
                // A hash bucket holds more entries than fit: retry the same cursor with room for them.
                keys = new TKey[keys.Length * 2];
                values = new TValue[values.Length * 2];
                continue;
            }
            if (rc != 0 && errno != ENOENT)
            {
                throw Error("batch lookup", errno);
            }
            for (var i = 0; i < count; i++)
            {
                result.Add(new KeyValuePair<TKey, TValue>(keys[i], values[i]));
            }
            if (rc != 0)
            {
                return result; // ENOENT: that was the last batch
            }
            outToken.CopyTo(inToken, 0);
            first = false;
        }
    }

    /// <summary>Pins the map in bpffs at <paramref name="path"/> so it outlives this process.</summary>
    public void Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var rc = Interop.Libbpf.BpfObjPin(Fd, path);
        if (rc != 0)
        {
            var errno = rc < -1 ? -rc : Marshal.GetLastPInvokeError();
            throw BpfException.FromErrno($"pinning map '{Name}' at '{path}' failed", errno);
        }
    }

    /// <summary>Closes the fd of a map opened with <see cref="OpenPinned"/>; a no-op for an object's map.</summary>
    public void Dispose() => _ownedFd?.Dispose();

    internal static BpfMap FromObject(BpfObject owner, string name, int fd) => new(owner, null, name, fd);

    private int PerCpuStride => (ValueSize + 7) & ~7;

    private unsafe bool TryNextKey<TKey>(TKey? current, out TKey next)
        where TKey : unmanaged
    {
        TKey result;
        int rc;
        if (current is { } c)
        {
            rc = Interop.Libbpf.BpfMapGetNextKey(Fd, &c, &result);
        }
        else
        {
            rc = Interop.Libbpf.BpfMapGetNextKey(Fd, null, &result);
        }
        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ENOENT)
            {
                next = default;
                return false;
            }
            throw Error("get next key", errno);
        }
        next = result;
        return true;
    }

    private void CheckKey<TKey>()
        where TKey : unmanaged
    {
        ThrowIfClosed();
        if (Unsafe.SizeOf<TKey>() != KeySize)
        {
            throw new ArgumentException($"map '{Name}' has {KeySize}-byte keys but {typeof(TKey).Name} is {Unsafe.SizeOf<TKey>()} bytes");
        }
    }

    private void CheckValue<TValue>()
        where TValue : unmanaged
    {
        if (Unsafe.SizeOf<TValue>() != ValueSize)
        {
            throw new ArgumentException($"map '{Name}' has {ValueSize}-byte values but {typeof(TValue).Name} is {Unsafe.SizeOf<TValue>()} bytes");
        }
    }

    private void RequirePerCpu()
    {
        if (!IsPerCpu)
        {
            throw new InvalidOperationException($"map '{Name}' ({Type}) is not per-CPU; use TryLookup/Update");
        }
    }

    private void RequireNotPerCpu(string instead)
    {
        if (IsPerCpu)
        {
            throw new InvalidOperationException($"map '{Name}' ({Type}) is per-CPU; use {instead}");
        }
    }

    private void ThrowIfClosed()
    {
        _owner?.ThrowIfDisposed();
        if (_ownedFd is { IsClosed: true })
        {
            throw new ObjectDisposedException(nameof(BpfMap), $"pinned map '{Name}' is closed");
        }
    }

    private BpfException Error(string operation, int errno) => BpfException.FromErrno($"{operation} on map '{Name}' failed", errno);

    private static unsafe (uint Type, uint KeySize, uint ValueSize, uint MaxEntries, string Name) QueryInfo(int fd, string name)
    {
        Interop.Libbpf.MapInfo info = default;
        var len = (uint)sizeof(Interop.Libbpf.MapInfo);
        if (Interop.Libbpf.BpfObjGetInfoByFd(fd, &info, &len) != 0)
        {
            throw BpfException.FromErrno($"reading info of map '{name}' (fd {fd}) failed", Marshal.GetLastPInvokeError());
        }
        var kernelName = Marshal.PtrToStringUTF8((IntPtr)info.Name) ?? string.Empty;
        return (info.Type, info.KeySize, info.ValueSize, info.MaxEntries, kernelName);
    }
}
