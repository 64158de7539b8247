// What the check loop keeps per target: its socket addresses, its request, and the connection kept open between checks.
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using FastLb.Health.Http;
using FastLb.Health.Sockets;
using FastLb.Model;

namespace FastLb.Health.Loop;

internal sealed class LoopTarget
{
    // Keyed by the target object the scheduler holds for its lifetime, so an entry goes with it.
    private static readonly ConditionalWeakTable<CheckTarget, LoopTarget> Cache = [];

    private LoopTarget(CheckTarget target)
    {
        Target = target;
        Family = target.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2;
        Address = SockAddr(target.Address, target.Port);
        Source = target.Source is null ? null : SockAddr(target.Source, 0);
        Http = target.Check.Type is CheckType.Http or CheckType.HttpContent ? PreparedHttpTarget.For(target) : null;
        Timeout = target.Check.Timeout;
        HalfOpen = target.Check.Type == CheckType.TcpHalfOpen;
    }

    public CheckTarget Target { get; }

    /// <summary>AF_INET or AF_INET6.</summary>
    public int Family { get; }

    /// <summary>The target as a struct sockaddr_in/sockaddr_in6.</summary>
    public byte[] Address { get; }

    /// <summary>The source to bind to, as a sockaddr; null when the kernel picks.</summary>
    public byte[]? Source { get; }

    /// <summary>The request and rules of an http check; null for a plain connect check.</summary>
    public PreparedHttpTarget? Http { get; }

    public TimeSpan Timeout { get; }

    /// <summary>A tcp-half-open check: run by <see cref="HalfOpenChecks"/> on a shared raw socket.</summary>
    public bool HalfOpen { get; }

    /// <summary>The local address a half-open check sends from, kept while checks succeed (loop thread only).</summary>
    public HalfOpenSource? Local { get; set; }

    /// <summary>A connection waiting for the next check (loop thread only).</summary>
    public LoopConnection? Idle { get; set; }

    public static LoopTarget For(CheckTarget target) => Cache.GetValue(target, static t => new LoopTarget(t));

    /// <summary>
    /// A non-blocking stream socket bound as the target asks: see <see cref="Open"/>. -errno on failure.
    /// </summary>
    public int OpenSocket() => Open(Target, Source, SocketType.Stream, ProtocolType.Tcp);

    /// <summary>
    /// A non-blocking socket for <paramref name="target"/>, bound to its source (<paramref name="source"/>,
    /// that source as a sockaddr): made directly in this process's namespace, or taken from the
    /// sockets made ahead in the target's (then bound by <see cref="ProbeSockets"/>) and duplicated
    /// out of its <see cref="Socket"/>. -errno on failure.
    /// </summary>
    public static unsafe int Open(CheckTarget target, byte[]? source, SocketType type, ProtocolType protocol)
    {
        if (target.Namespace is { } ns && NamespaceId.Of(ns) != NamespaceId.Home)
        {
            using var socket = ProbeSockets.Create(target, type, protocol);
            var copy = Sys.Dup((int)socket.Handle);
            if (copy < 0)
            {
                return -Sys.Errno;
            }
            if (Sys.Fcntl(copy, Sys.FSetFl, Sys.Fcntl(copy, Sys.FGetFl, 0) | Sys.ONonBlock) < 0)
            {
                var errno = Sys.Errno;
                Sys.Close(copy);
                return -errno;
            }
            return copy;
        }
        var family = target.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2;
        var fd = Sys.Socket(family, (int)type | Sys.SockNonBlock | Sys.SockCloexec, (int)protocol);
        if (fd < 0)
        {
            return -Sys.Errno;
        }
        if (source is not null)
        {
            fixed (byte* s = source)
            {
                if (Sys.Bind(fd, s, source.Length) < 0)
                {
                    var errno = Sys.Errno;
                    Sys.Close(fd);
                    return -errno;
                }
            }
        }
        return fd;
    }

    public static byte[] SockAddr(IPAddress address, int port)
    {
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var raw = new byte[v6 ? 28 : 16];
        BitConverter.TryWriteBytes(raw.AsSpan(0, 2), (ushort)(v6 ? 10 : 2));
        raw[2] = (byte)(port >> 8);
        raw[3] = (byte)port;
        if (v6)
        {
            address.TryWriteBytes(raw.AsSpan(8, 16), out _);
            BitConverter.TryWriteBytes(raw.AsSpan(24, 4), (uint)address.ScopeId);
        }
        else
        {
            address.TryWriteBytes(raw.AsSpan(4, 4), out _);
        }
        return raw;
    }
}
