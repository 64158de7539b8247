// The raw TCP socket of one namespace and local address: sends the SYNs and RSTs of half-open checks and reads their answers.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using FastLb.Wire;

namespace FastLb.Health.Loop;

internal sealed unsafe class RawTcpSocket(CheckLoop loop, int fd, HalfOpenSource local, Action closed) : LoopSocket
{
    private readonly Dictionary<(UInt128, uint), HalfOpenCheck> _pending = [];
    private readonly bool _v6 = local.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
    private int _generation;
    private bool _closed;

    public override int Fd => fd;

    public override int Generation => _generation;

    /// <summary>A check's answer is identified by the real's address and port and the check's own source port.</summary>
    public static (UInt128, uint) KeyOf(IPAddress remote, ushort remotePort, ushort localPort)
    {
        Span<byte> bytes = stackalloc byte[16];
        remote.TryWriteBytes(bytes, out var written);
        return (BinaryPrimitives.ReadUInt128BigEndian(bytes) >> ((16 - written) * 8), ((uint)remotePort << 16) | localPort);
    }

    public void Add(HalfOpenCheck check)
    {
        _pending[check.Key] = check;
        _generation++; // in use: an idle deadline set earlier no longer applies
    }

    public void Remove(HalfOpenCheck check)
    {
        if (_pending.Remove(check.Key) && _pending.Count == 0 && !_closed)
        {
            loop.KeepIdle(this);
        }
    }

    /// <summary>Sends a segment to <paramref name="to"/>; 0, or -errno.</summary>
    public int Send(byte[] segment, IPAddress to)
    {
        var address = LoopTarget.SockAddr(to, 0);
        fixed (byte* s = segment)
        fixed (byte* a = address)
        {
            return Sys.SendTo(fd, s, segment.Length, 0, a, address.Length) < 0 ? -Sys.Errno : 0;
        }
    }

    /// <summary>Readable (edge-triggered): read every segment waiting, and end the checks they answer.</summary>
    public override void OnEvent(uint events)
    {
        var buffer = loop.ReceiveBuffer;
        var from = stackalloc byte[28];
        while (!_closed)
        {
            int n;
            var length = 28;
            fixed (byte* b = buffer)
            {
                n = (int)Sys.RecvFrom(fd, b, buffer.Length, 0, from, &length);
            }
            if (n < 0)
            {
                return; // EAGAIN: all read (a raw socket reports no other error here)
            }
            Answer(buffer.AsSpan(0, n), from);
        }
    }

    private void Answer(ReadOnlySpan<byte> segment, byte* from)
    {
        // IPv4 raw sockets deliver the IP header too; IPv6 ones do not.
        if ((!_v6 && !IPv4Packet.TryGetPayload(segment, out segment)) || !TcpHeader.TryRead(segment, out var tcp))
        {
            return;
        }
        var remote = _v6 ? BinaryPrimitives.ReadUInt128BigEndian(new ReadOnlySpan<byte>(from + 8, 16)) : BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(from + 4, 4));
        if (!_pending.TryGetValue((remote, ((uint)tcp.SourcePort << 16) | tcp.DestinationPort), out var check)
            || !tcp.Has(TcpFlags.Ack) || tcp.Ack != check.ExpectedAck)
        {
            return; // not the answer to one of our SYNs: the raw socket sees every TCP segment to its address
        }
        if (tcp.Has(TcpFlags.Rst))
        {
            check.End(false, ProbeReasons.Refused);
        }
        else if (tcp.Has(TcpFlags.Syn))
        {
            // RST with seq = the SYN-ACK's ack and no ACK flag: the handshake is abandoned.
            var t = check.Target;
            var error = Send(Segment.Tcp(local.Address, check.Port, t.Address, t.Port, TcpFlags.Rst, tcp.Ack, 0, 0), t.Address);
            check.End(error == 0, error == 0 ? ProbeReasons.Ok : ProbeErrors.ReasonForErrno(-error));
        }
    }

    /// <summary>Unused for the idle limit: closed, so it no longer copies every segment.</summary>
    public override void Expire()
    {
        if (_pending.Count == 0)
        {
            Close();
        }
    }

    public override void Fail(string reason)
    {
        foreach (var check in _pending.Values.ToList())
        {
            check.End(false, reason);
        }
        Close();
    }

    public override void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        _generation++;
        closed();
        loop.Forget(this);
    }
}
