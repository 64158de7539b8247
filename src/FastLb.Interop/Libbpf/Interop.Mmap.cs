// mmap of BPF_F_MMAPABLE array maps: their values are written as plain memory.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int ProtRead = 0x1;
        internal const int ProtWrite = 0x2;
        internal const int MapShared = 0x01;

        /// <summary>MAP_FAILED, (void *)-1.</summary>
        internal static readonly nint MapFailed = -1;

        [LibraryImport(Libraries.Libc, EntryPoint = "mmap", SetLastError = true)]
        internal static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

        [LibraryImport(Libraries.Libc, EntryPoint = "munmap", SetLastError = true)]
        internal static partial int Munmap(nint addr, nuint length);
    }
}
