// The AF_XDP socket calls of libc (socket, setsockopt, getsockopt, bind, sendto) and the uapi
// structs of <linux/if_xdp.h> they take, for an XSK built on the kernel's own interface (its UMEM
// and rings are mapped with Interop.Mmap).
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Xsk
    {
        internal const int AfXdp = 44;
        internal const int SockRaw = 3;
        internal const int SolXdp = 283;

        // setsockopt / getsockopt names (SOL_XDP).
        internal const int XdpMmapOffsets = 1;
        internal const int XdpTxRing = 3;
        internal const int XdpUmemReg = 4;
        internal const int XdpUmemFillRing = 5;
        internal const int XdpUmemCompletionRing = 6;
        internal const int XdpStatistics = 7;

        // sockaddr_xdp.sxdp_flags.
        internal const ushort XdpCopy = 1 << 1;

        // mmap offsets of the rings.
        internal const long XdpPgoffTxRing = 0x80000000;
        internal const long XdpUmemPgoffCompletionRing = 0x180000000;

        internal const int MsgDontWait = 0x40;

        [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
        internal static partial int Socket(int domain, int type, int protocol);

        [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
        internal static unsafe partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

        [LibraryImport(Libraries.Libc, EntryPoint = "getsockopt", SetLastError = true)]
        internal static unsafe partial int GetSockOpt(int fd, int level, int name, void* value, uint* length);

        [LibraryImport(Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
        internal static unsafe partial int Bind(int fd, SockaddrXdp* address, uint length);

        /// <summary>The TX kick: an empty sendto makes the kernel transmit what the TX ring holds.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "sendto", SetLastError = true)]
        internal static partial nint SendTo(int fd, nint buffer, nuint length, int flags, nint address, uint addressLength);

        /// <summary>struct xdp_umem_reg (32 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct UmemReg
        {
            public ulong Addr;
            public ulong Len;
            public uint ChunkSize;
            public uint Headroom;
            public uint Flags;
            public uint TxMetadataLen;
        }

        /// <summary>struct xdp_ring_offset: where producer, consumer, descriptors and flags sit in a ring's mapping.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct RingOffset
        {
            public ulong Producer;
            public ulong Consumer;
            public ulong Desc;
            public ulong Flags;
        }

        /// <summary>struct xdp_mmap_offsets: rx, tx, fill, completion.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct MmapOffsets
        {
            public RingOffset Rx;
            public RingOffset Tx;
            public RingOffset Fill;
            public RingOffset Completion;
        }

        /// <summary>struct sockaddr_xdp (16 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct SockaddrXdp
        {
            public ushort Family;
            public ushort Flags;
            public uint Ifindex;
            public uint QueueId;
            public uint SharedUmemFd;
        }

        /// <summary>struct xdp_desc: one TX descriptor (16 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct Desc
        {
            public ulong Addr;
            public uint Len;
            public uint Options;
        }

        /// <summary>struct xdp_statistics (48 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct Statistics
        {
            public ulong RxDropped;
            public ulong RxInvalidDescs;
            public ulong TxInvalidDescs;
            public ulong RxRingFull;
            public ulong RxFillRingEmptyDescs;
            public ulong TxRingEmptyDescs;
        }
    }
}
