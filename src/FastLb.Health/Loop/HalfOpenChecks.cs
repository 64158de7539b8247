// tcp-half-open on the check loop: SYNs from reserved ports, replies read from one raw socket per namespace and local address.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FastLb.Health.Sockets;
using FastLb.Wire;

namespace FastLb.Health.Loop;

/// <summary>
/// Where a half-open check sends from: the target's source, or the address the kernel picks for
/// its route (looked up at a target's first check and again after a failed one), and the namespace whose raw socket sees the answer.
/// </summary>
internal sealed record HalfOpenSource(IPAddress Address, byte[] SockAddr, CheckTarget Bound, NamespaceId Namespace);

/// <summary>
/// A check binds a stream socket that never listens, to reserve its source port (no connection of
/// this host can take it meanwhile; the kernel itself answers the SYN-ACK to it with a RST), sends
/// its SYN with its own sequence number on the raw socket of its namespace and local address, and
/// ends at the matching SYN-ACK (answered with a RST: ok), RST (refused) or its deadline (timeout).
/// The raw sockets are read by the loop; one unused for <see cref="CheckLoop.IdleLimit"/> is closed,
/// since a raw socket is handed a copy of every TCP segment to its address.
/// </summary>
internal sealed class HalfOpenChecks(CheckLoop loop)
{
    private const ushort Window = 64240;
    private static readonly byte[] Mss4 = Segment.MssOption(1460);
    private static readonly byte[] Mss6 = Segment.MssOption(1440);

    private readonly Dictionary<(NamespaceId, IPAddress), RawTcpSocket> _raw = [];

    /// <summary>Starts one check (loop thread only); throws when the target's namespace or route cannot be used.</summary>
    public unsafe void Start(LoopTarget target, IProbeCompletion done, long start, long deadline)
    {
        var local = target.Local ??= SourceFor(target.Target);
        var raw = RawFor(local);
        var fd = LoopTarget.Open(local.Bound, local.SockAddr, SocketType.Stream, ProtocolType.Tcp);
        if (fd < 0)
        {
            done.Completed(false, ProbeErrors.ReasonForErrno(-fd), Stopwatch.GetElapsedTime(start));
            return;
        }
        var bound = stackalloc byte[28];
        var length = 28;
        if (Sys.GetSockName(fd, bound, &length) < 0)
        {
            var errno = Sys.Errno;
            Sys.Close(fd);
            done.Completed(false, ProbeErrors.ReasonForErrno(errno), Stopwatch.GetElapsedTime(start));
            return;
        }
        var port = (ushort)((bound[2] << 8) | bound[3]);
        var isn = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        var t = target.Target;
        var check = new HalfOpenCheck(raw, fd, target, port, isn, done, start);
        raw.Add(check);
        var v6 = t.Address.AddressFamily == AddressFamily.InterNetworkV6;
        var syn = Segment.Tcp(local.Address, port, t.Address, t.Port, TcpFlags.Syn, isn, 0, Window, v6 ? Mss6 : Mss4);
        if (raw.Send(syn, t.Address) is < 0 and var error)
        {
            check.End(false, ProbeErrors.ReasonForErrno(-error));
            return;
        }
        loop.SetDeadline(check, deadline);
    }

    private static HalfOpenSource SourceFor(CheckTarget target)
    {
        var address = ProbeSockets.LocalAddressFor(target);
        var ns = target.Namespace is null ? NamespaceId.Home : NamespaceId.Of(target.Namespace);
        return new HalfOpenSource(address, LoopTarget.SockAddr(address, 0), target with { Source = address }, ns);
    }

    private RawTcpSocket RawFor(HalfOpenSource local)
    {
        var key = (local.Namespace, local.Address);
        if (_raw.TryGetValue(key, out var raw))
        {
            return raw;
        }
        var fd = LoopTarget.Open(local.Bound, local.SockAddr, SocketType.Raw, ProtocolType.Tcp);
        if (fd < 0)
        {
            throw new SocketException(-fd);
        }
        var filtered = AnswerFilter.Attach(fd, local.Address.AddressFamily == AddressFamily.InterNetworkV6);
        if (filtered < 0)
        {
            Sys.Close(fd);
            throw new SocketException(-filtered);
        }
        raw = new RawTcpSocket(loop, fd, local, () => _raw.Remove(key));
        if (loop.Watch(raw, Sys.EpollIn | Sys.EpollEt) is < 0 and var error)
        {
            raw.Close();
            throw new SocketException(-error);
        }
        _raw[key] = raw;
        return raw;
    }
}
