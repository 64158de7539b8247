// mmap / munmap: the AF_XDP UMEM and rings, and BPF_F_MMAPABLE array maps (written as plain memory).
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Mmap
    {
        /// <summary>The MAP_* flags of mmap(2) that FastLb uses.</summary>
        [Flags]
        internal enum MapFlags
        {
            Shared = 0x01,
            Private = 0x02,
            Anonymous = 0x20,
            Populate = 0x8000,
        }

        internal static readonly nint MapFailed = -1;

        // PROT_READ | PROT_WRITE: every mapping FastLb makes is both read and written.
        private const int ProtReadWrite = 1 | 2;

        /// <summary>A read-write mapping of <paramref name="length"/> bytes at <paramref name="offset"/> of <paramref name="fd"/> (-1: anonymous); <see cref="MapFailed"/> with errno on failure.</summary>
        internal static nint MapReadWrite(nuint length, MapFlags flags, int fd, long offset) => Map(0, length, ProtReadWrite, flags, fd, offset);

        [LibraryImport(Libraries.Libc, EntryPoint = "mmap", SetLastError = true)]
        private static partial nint Map(nint address, nuint length, int protection, MapFlags flags, int fd, long offset);

        [LibraryImport(Libraries.Libc, EntryPoint = "munmap", SetLastError = true)]
        internal static partial int Unmap(nint address, nuint length);
    }
}
