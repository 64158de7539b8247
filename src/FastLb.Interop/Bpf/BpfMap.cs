using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FastLb.Interop.Handles;
using static FastLb.Interop.Errno;

namespace FastLb.Interop.Bpf;

/// <summary>
/// A kernel BPF map, accessed with unmanaged structs whose sizes must match the map's key and value
/// sizes exactly. A map of a <see cref="BpfObject"/> borrows the object's fd; one from
/// <see cref="OpenPinned"/>, <see cref="OpenById"/> or <see cref="Create"/> owns its fd and closes
/// it on <see cref="Dispose"/>.
/// </summary>
public sealed partial class BpfMap : IDisposable
{
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
        Flags = info.MapFlags;
        Id = info.Id;
    }

    /// <summary>The number of possible CPUs: entries of a per-CPU value.</summary>
    public static int PossibleCpus => s_possibleCpus.Value;

    public string Name { get; }

    public int Fd { get; }

    public BpfMapType Type { get; }

    public int KeySize { get; }

    public int ValueSize { get; }

    public int MaxEntries { get; }

    /// <summary>The map_flags it was created with (BPF_F_*).</summary>
    public uint Flags { get; }

    /// <summary>The kernel's id of the map (what a map-of-maps lookup returns from user space).</summary>
    public uint Id { get; }

    /// <summary>True for maps holding one value per CPU (per-CPU hash, array, LRU hash).</summary>
    public bool IsPerCpu => Type is BpfMapType.PerCpuHash or BpfMapType.PerCpuArray or BpfMapType.LruPerCpuHash;

    /// <summary>The maps <paramref name="names"/> pinned in <paramref name="directory"/>, all or none: those opened are closed when one fails.</summary>
    public static BpfMap[] OpenPinned(string directory, params string[] names)
    {
        var maps = new List<BpfMap>(names.Length);
        try
        {
            maps.AddRange(names.Select(n => OpenPinned(Path.Combine(directory, n))));
            return [.. maps];
        }
        catch
        {
            maps.ForEach(m => m.Dispose());
            throw;
        }
    }

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
                if ((Errno)errno == ENOENT)
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
                if ((Errno)errno == ENOENT)
                {
                    return false;
                }
                throw Error("delete", errno);
            }
        }
        return true;
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

    /// <summary>Closes the fd of a map this one owns; a no-op for an object's map.</summary>
    public void Dispose() => _ownedFd?.Dispose();

    internal static BpfMap FromObject(BpfObject owner, string name, int fd) => new(owner, null, name, fd);

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

    private static unsafe (uint Type, uint KeySize, uint ValueSize, uint MaxEntries, uint MapFlags, uint Id, string Name) QueryInfo(int fd, string name)
    {
        Interop.Libbpf.MapInfo info = default;
        var len = (uint)sizeof(Interop.Libbpf.MapInfo);
        if (Interop.Libbpf.BpfObjGetInfoByFd(fd, &info, &len) != 0)
        {
            throw BpfException.FromErrno($"reading info of map '{name}' (fd {fd}) failed", Marshal.GetLastPInvokeError());
        }
        var kernelName = Marshal.PtrToStringUTF8((IntPtr)info.Name) ?? string.Empty;
        return (info.Type, info.KeySize, info.ValueSize, info.MaxEntries, info.MapFlags, info.Id, kernelName);
    }
}
