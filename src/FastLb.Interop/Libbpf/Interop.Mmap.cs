// mmap / munmap: the AF_XDP UMEM and rings, and BPF_F_MMAPABLE array maps (written as plain memory).
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Mmap
    {
        internal const int ProtRead = 1;
        internal const int ProtWrite = 2;
        internal const int MapShared = 0x01;
        internal const int MapPrivate = 0x02;
        internal const int MapAnonymous = 0x20;
        internal const int MapPopulate = 0x8000;
        internal static readonly nint MapFailed = -1;

        [LibraryImport(Libraries.Libc, EntryPoint = "mmap", SetLastError = true)]
        internal static partial nint Map(nint address, nuint length, int protection, int flags, int fd, long offset);

        [LibraryImport(Libraries.Libc, EntryPoint = "munmap", SetLastError = true)]
        internal static partial int Unmap(nint address, nuint length);
    }
}
