// The few libc calls the check loop makes itself: sockets, epoll and an eventfd, non-blocking throughout.
using System.Runtime.InteropServices;

namespace FastLb.Health.Loop;

internal static unsafe partial class Sys
{
    public const int EAGAIN = 11;
    public const int EINTR = 4;
    public const int EINPROGRESS = 115;

    public const int SockStream = 1;
    public const int SockRaw = 3;
    public const int IpProtoTcp = 6;
    public const int SockNonBlock = 0x800;
    public const int SockCloexec = 0x80000;
    public const int SolSocket = 1;
    public const int SoError = 4;
    public const int SoRcvBufForce = 33;
    public const int SoAttachFilter = 26;
    public const int MsgNoSignal = 0x4000;
    public const int MsgPeek = 0x2;
    public const int MsgDontWait = 0x40;
    public const int FGetFl = 3;
    public const int FSetFl = 4;
    public const int ONonBlock = 0x800;

    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 1u << 31;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;

    /// <summary>struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16).</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nint length, int flags, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint RecvFrom(int fd, byte* buffer, nint length, int flags, byte* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, byte* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epoll, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int max, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>Registers <paramref name="fd"/> with its own number as the event's data.</summary>
    public static int EpollAdd(int epoll, int fd, uint events)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = events;
        // The data field follows the 4-byte mask directly when packed, at 8 when aligned.
        *(ulong*)(ev + EventSize - 8) = (ulong)fd;
        return EpollCtl(epoll, EpollCtlAdd, fd, ev);
    }

    public static uint EventMask(byte* events, int i) => *(uint*)(events + (i * EventSize));

    public static int EventFdOf(byte* events, int i) => (int)*(ulong*)(events + (i * EventSize) + EventSize - 8);
}
