using System.Runtime.InteropServices;
using System.Text;
using FastLb.Interop.Handles;
using Microsoft.Extensions.Logging;

namespace FastLb.Interop.Bpf;

/// <summary>
/// A BPF ELF object opened with libbpf: open, <see cref="Load"/>, then look up its programs and
/// maps. Disposing closes it; programs stay alive only while attached, maps while pinned.
/// </summary>
public sealed class BpfObject : IDisposable
{
    // Per program, for the verifier log on a failed load; the kernel truncates beyond this.
    private const int VerifierLogSize = 1 << 20;

    private readonly BpfObjectHandle _handle;
    private readonly ILogger? _log;
    private readonly Dictionary<string, BpfProgram> _programs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BpfMap> _maps = new(StringComparer.Ordinal);
    private readonly List<(IntPtr Map, string Path)> _pinAfterLoad = [];

    private BpfObject(string path, BpfObjectHandle handle, ILogger? log)
    {
        Path = path;
        _handle = handle;
        _log = log;
    }

    /// <summary>The ELF file this object was opened from.</summary>
    public string Path { get; }

    /// <summary>True once <see cref="Load"/> succeeded.</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>Opens (parses, does not load) the BPF object at <paramref name="path"/>.</summary>
    /// <exception cref="BpfException">The file is missing or not a valid BPF object.</exception>
    public static BpfObject Open(string path, ILogger? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var capture = LibbpfLog.Capture(log);
        var handle = Interop.Libbpf.BpfObjectOpenFile(path, IntPtr.Zero);
        if (handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw BpfException.FromErrno($"opening BPF object '{path}' failed", errno, capture.Warnings);
        }
        return new BpfObject(path, handle, log);
    }

    /// <summary>Loads every program and map into the kernel.</summary>
    /// <exception cref="BpfException">Loading failed; <see cref="BpfException.VerifierLog"/> holds the verifier's reasons.</exception>
    public void Load()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (IsLoaded)
        {
            throw new InvalidOperationException($"BPF object '{Path}' is loaded already");
        }
        var buffers = new List<(string Name, IntPtr Buffer)>();
        try
        {
            // Our own log buffers: libbpf then keeps the whole verifier log for us instead of printing it.
            for (var prog = Interop.Libbpf.BpfObjectNextProgram(_handle, IntPtr.Zero); prog != IntPtr.Zero;
                 prog = Interop.Libbpf.BpfObjectNextProgram(_handle, prog))
            {
                IntPtr buffer;
                unsafe
                {
                    buffer = (IntPtr)NativeMemory.AllocZeroed(VerifierLogSize);
                }
                buffers.Add((Marshal.PtrToStringUTF8(Interop.Libbpf.BpfProgramName(prog)) ?? "?", buffer));
                Interop.Libbpf.BpfProgramSetLogBuf(prog, buffer, VerifierLogSize);
            }

            using var capture = LibbpfLog.Capture(_log);
            var rc = Interop.Libbpf.BpfObjectLoad(_handle);
            if (rc != 0)
            {
                var errno = rc < 0 ? -rc : Marshal.GetLastPInvokeError();
                throw BpfException.FromErrno($"loading BPF object '{Path}' failed", errno, capture.Warnings, VerifierLogs(buffers));
            }
            IsLoaded = true;
            foreach (var (map, path) in _pinAfterLoad)
            {
                var pinned = Interop.Libbpf.BpfMapPin(map, path);
                if (pinned != 0)
                {
                    throw BpfException.FromErrno($"pinning a map of '{Path}' at '{path}' failed", -pinned);
                }
            }
        }
        finally
        {
            foreach (var (_, buffer) in buffers)
            {
                unsafe
                {
                    NativeMemory.Free((void*)buffer);
                }
            }
        }
    }

    /// <summary>
    /// Sets the flags of a map-of-maps' inner template before <see cref="Load"/>: the kernel admits into
    /// the outer map only inner maps whose flags equal the template's.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The object has no such map.</exception>
    /// <exception cref="InvalidOperationException">The map holds no inner template.</exception>
    public void SetInnerMapFlags(string map, uint flags)
    {
        var inner = Interop.Libbpf.BpfMapInnerMap(UnloadedMap(map));
        if (inner == IntPtr.Zero)
        {
            throw new InvalidOperationException($"map '{map}' has no inner map template");
        }
        var rc = Interop.Libbpf.BpfMapSetMapFlags(inner, flags);
        if (rc != 0)
        {
            throw BpfException.FromErrno($"setting the inner template flags of map '{map}' to {flags} failed", -rc);
        }
    }

    /// <summary>Sets a map's size before <see cref="Load"/> (bpf_map__set_max_entries).</summary>
    /// <exception cref="KeyNotFoundException">The object has no such map.</exception>
    public void SetMaxEntries(string map, uint maxEntries)
    {
        var handle = UnloadedMap(map);
        var rc = Interop.Libbpf.BpfMapSetMaxEntries(handle, maxEntries);
        if (rc != 0)
        {
            throw BpfException.FromErrno($"setting max_entries of map '{map}' to {maxEntries} failed", -rc);
        }
    }

    /// <summary>
    /// Makes the object's map <paramref name="name"/> the existing <paramref name="map"/> before
    /// <see cref="Load"/> (bpf_map__reuse_fd): libbpf takes its definition, and the programs work on it.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The object has no such map.</exception>
    public void ReuseMap(string name, BpfMap map)
    {
        var handle = UnloadedMap(name);
        var rc = Interop.Libbpf.BpfMapReuseFd(handle, map.Fd);
        if (rc != 0)
        {
            throw BpfException.FromErrno($"reusing map '{map.Name}' as '{name}' failed", -rc);
        }
    }

    /// <summary>Every map the object defines (data sections aside) with its type and size as they stand before <see cref="Load"/>.</summary>
    public IReadOnlyList<(string Name, BpfMapType Type, int MaxEntries, int ValueSize)> MapDefinitions()
    {
        ThrowIfDisposed();
        var maps = new List<(string, BpfMapType, int, int)>();
        for (var map = Interop.Libbpf.BpfObjectNextMap(_handle, IntPtr.Zero); map != IntPtr.Zero;
             map = Interop.Libbpf.BpfObjectNextMap(_handle, map))
        {
            if (!Interop.Libbpf.BpfMapIsInternal(map))
            {
                var name = Marshal.PtrToStringUTF8(Interop.Libbpf.BpfMapName(map)) ?? "?";
                maps.Add((name, (BpfMapType)Interop.Libbpf.BpfMapType(map), (int)Interop.Libbpf.BpfMapMaxEntries(map), (int)Interop.Libbpf.BpfMapValueSize(map)));
            }
        }
        return maps;
    }

    /// <summary>The object's BTF as libbpf holds it (data-section offsets fixed); dispose it before the object.</summary>
    public Btf Btf()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return Bpf.Btf.OfObject(Path, Interop.Libbpf.BpfObjectBtf(_handle));
    }

    /// <summary>
    /// Overwrites <paramref name="data"/>.Length bytes at <paramref name="offset"/> of a data section's
    /// initial value (".rodata": the program's read-only globals) before <see cref="Load"/>.
    /// </summary>
    public void WriteInitialValue(string map, int offset, ReadOnlySpan<byte> data)
    {
        var handle = UnloadedMap(map);
        var buffer = Interop.Libbpf.BpfMapInitialValue(handle, out var size);
        if (buffer == IntPtr.Zero || offset < 0 || (ulong)offset + (ulong)data.Length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"map '{map}' has {size} bytes of initial value; cannot write {data.Length} at {offset}");
        }
        unsafe
        {
            data.CopyTo(new Span<byte>((byte*)buffer + offset, data.Length));
        }
    }

    private IntPtr UnloadedMap(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (IsLoaded)
        {
            throw new InvalidOperationException($"BPF object '{Path}' is loaded already: map '{name}' can no longer change");
        }
        var map = Interop.Libbpf.BpfObjectFindMapByName(_handle, name);
        return map != IntPtr.Zero ? map : throw new KeyNotFoundException($"BPF object '{Path}' has no map '{name}'");
    }

    /// <summary>
    /// Before <see cref="Load"/>: each of the object's own maps (not .rodata/.bss) is pinned at
    /// <paramref name="directory"/>/NAME. A map already pinned there is reused as it is, entries
    /// and all (libbpf refuses the load if its type, sizes or flags differ); a missing one is
    /// created and pinned by the load.
    /// </summary>
    /// <returns>The names of the maps given a pin path.</returns>
    public IReadOnlyList<string> PinMapsUnder(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ThrowIfDisposed();
        if (IsLoaded)
        {
            throw new InvalidOperationException($"BPF object '{Path}' is loaded already: pin paths are set before Load()");
        }
        var names = new List<string>();
        for (var map = Interop.Libbpf.BpfObjectNextMap(_handle, IntPtr.Zero); map != IntPtr.Zero;
             map = Interop.Libbpf.BpfObjectNextMap(_handle, map))
        {
            if (Interop.Libbpf.BpfMapIsInternal(map))
            {
                continue;
            }
            var name = Marshal.PtrToStringUTF8(Interop.Libbpf.BpfMapName(map)) ?? "?";
            var path = System.IO.Path.Combine(directory, name);
            int rc;
            if (Interop.Libbpf.BpfMapType(map) is Interop.Libbpf.BpfMapTypeDevmap or Interop.Libbpf.BpfMapTypeDevmapHash)
            {
                // The kernel adds BPF_F_RDONLY_PROG to every devmap, which libbpf 1.1 then takes for a
                // mismatch with the definition: such a map is reused by fd and pinned after the load.
                rc = ReuseOrPinAfterLoad(map, path);
            }
            else
            {
                rc = Interop.Libbpf.BpfMapSetPinPath(map, path);
            }
            if (rc != 0)
            {
                throw BpfException.FromErrno($"setting the pin path of map '{name}' failed", -rc);
            }
            names.Add(name);
        }
        return names;
    }

    private int ReuseOrPinAfterLoad(IntPtr map, string path)
    {
        if (!File.Exists(path))
        {
            _pinAfterLoad.Add((map, path));
            return 0;
        }
        var fd = Interop.Libbpf.BpfObjGet(path);
        if (fd < 0)
        {
            return fd == -1 ? -Marshal.GetLastPInvokeError() : fd;
        }
        using var owned = new BpfFdHandle(fd);
        return Interop.Libbpf.BpfMapReuseFd(map, fd);
    }

    /// <summary>The program named <paramref name="name"/> (the C function name).</summary>
    /// <exception cref="KeyNotFoundException">The object has no such program.</exception>
    public BpfProgram Program(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        RequireLoaded();
        if (_programs.TryGetValue(name, out var found))
        {
            return found;
        }
        var prog = Interop.Libbpf.BpfObjectFindProgramByName(_handle, name);
        if (prog == IntPtr.Zero)
        {
            throw new KeyNotFoundException($"BPF object '{Path}' has no program '{name}' (has: {string.Join(", ", ProgramNames())})");
        }
        var program = new BpfProgram(this, prog, name, Interop.Libbpf.BpfProgramFd(prog));
        _programs[name] = program;
        return program;
    }

    /// <summary>The map named <paramref name="name"/> (the C variable name).</summary>
    /// <exception cref="KeyNotFoundException">The object has no such map.</exception>
    public BpfMap Map(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        RequireLoaded();
        if (_maps.TryGetValue(name, out var found))
        {
            return found;
        }
        var map = Interop.Libbpf.BpfObjectFindMapByName(_handle, name);
        if (map == IntPtr.Zero)
        {
            throw new KeyNotFoundException($"BPF object '{Path}' has no map '{name}'");
        }
        var result = BpfMap.FromObject(this, name, Interop.Libbpf.BpfMapFd(map));
        _maps[name] = result;
        return result;
    }

    public void Dispose() => _handle.Dispose();

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_handle.IsClosed, this);

    private void RequireLoaded()
    {
        ThrowIfDisposed();
        if (!IsLoaded)
        {
            throw new InvalidOperationException($"BPF object '{Path}' is not loaded: call Load() first");
        }
    }

    private List<string> ProgramNames()
    {
        var names = new List<string>();
        for (var prog = Interop.Libbpf.BpfObjectNextProgram(_handle, IntPtr.Zero); prog != IntPtr.Zero;
             prog = Interop.Libbpf.BpfObjectNextProgram(_handle, prog))
        {
            names.Add(Marshal.PtrToStringUTF8(Interop.Libbpf.BpfProgramName(prog)) ?? "?");
        }
        return names;
    }

    private static string VerifierLogs(List<(string Name, IntPtr Buffer)> buffers)
    {
        var text = new StringBuilder();
        foreach (var (name, buffer) in buffers)
        {
            var log = Marshal.PtrToStringUTF8(buffer);
            if (!string.IsNullOrEmpty(log))
            {
                text.Append("prog '").Append(name).AppendLine("':").Append(log);
                if (!log.EndsWith('\n'))
                {
                    text.AppendLine();
                }
            }
        }
        return text.ToString();
    }
}
