// Identifies a network namespace by its nsfs inode, so a target in the current namespace needs no switch.
using System.Runtime.InteropServices;
using FastLb.Interop.Netns;

namespace FastLb.Health.Sockets;

/// <summary>The (device, inode) of a namespace file: equal exactly when two paths name the same namespace.</summary>
internal readonly partial record struct NamespaceId(ulong Device, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const uint StatxIno = 0x100;

    /// <summary>The namespace this process started in, where socket-creating threads of the pool live.</summary>
    public static NamespaceId Home { get; } = Of("/proc/self/ns/net");

    /// <summary>The namespace behind <paramref name="ns"/> now (a name can be deleted and made again).</summary>
    public static NamespaceId Of(NetworkNamespace ns) => Of(ns.Path);

    public static unsafe NamespaceId Of(string path)
    {
        // struct statx has one layout on every architecture: stx_ino at 32, stx_dev_major/minor at 136/140.
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxIno, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"network namespace {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
        var inode = *(ulong*)(buffer + 32);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        return new NamespaceId(device, inode);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* statxbuf);
}
