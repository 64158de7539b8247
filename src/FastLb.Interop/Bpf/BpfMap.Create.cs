// Maps this process makes or reaches by id, each owning its fd: a map-of-maps' inner tables.
using System.Runtime.InteropServices;
using FastLb.Interop.Handles;
using static FastLb.Interop.Errno;

namespace FastLb.Interop.Bpf;

public sealed partial class BpfMap
{
    /// <summary>BPF_F_MMAPABLE: an array whose values can be mmap'd.</summary>
    public const uint FlagMmapable = 1u << 10;

    /// <summary>BPF_F_INNER_MAP: an inner map whose size may differ from the template's.</summary>
    public const uint FlagInnerMap = 1u << 12;

    /// <summary>Creates a map (bpf_map_create); dispose it to close the fd (the kernel frees it when nothing else holds it).</summary>
    /// <param name="inner">For a map-of-maps: the template its values must match.</param>
    public static unsafe BpfMap Create(BpfMapType type, string name, int keySize, int valueSize, int maxEntries, uint flags, BpfMap? inner = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        var opts = new Interop.Libbpf.MapCreateOpts
        {
            Sz = (nuint)sizeof(Interop.Libbpf.MapCreateOpts),
            MapFlags = flags,
            InnerMapFd = inner is null ? 0u : (uint)inner.Fd,
        };
        var fd = Interop.Libbpf.BpfMapCreate((uint)type, name, (uint)keySize, (uint)valueSize, (uint)maxEntries, &opts);
        if (fd < 0)
        {
            var errno = -fd > 1 ? -fd : Marshal.GetLastPInvokeError();
            throw BpfException.FromErrno($"creating map '{name}' ({type}, {maxEntries} entries) failed", errno);
        }
        return Owning(fd, name);
    }

    /// <summary>Opens map <paramref name="id"/> (bpf_map_get_fd_by_id); null when no such map exists any more.</summary>
    public static BpfMap? OpenById(uint id)
    {
        var fd = Interop.Libbpf.BpfMapGetFdById(id);
        if (fd < 0)
        {
            var errno = -fd > 1 ? -fd : Marshal.GetLastPInvokeError();
            return (Errno)errno == ENOENT ? null : throw BpfException.FromErrno($"opening map id {id} failed", errno);
        }
        return Owning(fd, string.Empty);
    }

    private static BpfMap Owning(int fd, string name)
    {
        var handle = new BpfFdHandle(fd);
        try
        {
            return new BpfMap(null, handle, name, fd);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
