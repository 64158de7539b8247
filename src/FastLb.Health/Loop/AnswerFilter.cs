// The socket filter of a half-open raw socket: only segments that can answer a SYN are queued to it.

namespace FastLb.Health.Loop;

/// <summary>
/// A raw TCP socket is handed a copy of every segment to its address (on loopback, the checks' own
/// SYNs and RSTs too). Kept are only those with ACK and SYN or RST set: a SYN-ACK, or a RST that
/// refuses. At thousands of checks a second this keeps the queue to one segment per check, so a
/// loop thread held up for a moment does not see answers dropped from a full receive buffer.
/// </summary>
internal static unsafe class AnswerFilter
{
    /// <summary>Room for the answers that arrive while the loop thread is held up.</summary>
    private const int ReceiveBuffer = 4 << 20;

    private const ushort LdxMsh = 0xb1;  // x = 4 * (pkt[k] & 0xf): the IPv4 header length
    private const ushort LdbInd = 0x50;  // a = pkt[x + k]
    private const ushort LdbAbs = 0x30;  // a = pkt[k]
    private const ushort JSet = 0x45;    // a & k ? jt : jf
    private const ushort Ret = 0x06;

    /// <summary>Attaches the filter (IPv4 raw sockets see the IP header, IPv6 ones start at TCP) and a large receive buffer; -errno on failure.</summary>
    public static int Attach(int fd, bool v6)
    {
        var program = stackalloc ulong[6];
        var n = 0;
        if (v6)
        {
            program[n++] = Insn(LdbAbs, 0, 0, 13);
        }
        else
        {
            program[n++] = Insn(LdxMsh, 0, 0, 0);
            program[n++] = Insn(LdbInd, 0, 0, 13);
        }
        program[n++] = Insn(JSet, 0, 2, 0x10);         // ACK
        program[n++] = Insn(JSet, 0, 1, 0x02 | 0x04);  // SYN or RST
        program[n++] = Insn(Ret, 0, 0, 0xffff);
        program[n++] = Insn(Ret, 0, 0, 0);
        var fprog = stackalloc byte[16];
        *(ushort*)fprog = (ushort)n;
        *(ulong**)(fprog + 8) = program;
        var size = ReceiveBuffer;
        // SO_RCVBUFFORCE needs CAP_NET_ADMIN, which a raw socket's owner has in practice; a smaller buffer still works.
        _ = Sys.SetSockOpt(fd, Sys.SolSocket, Sys.SoRcvBufForce, &size, sizeof(int));
        return Sys.SetSockOpt(fd, Sys.SolSocket, Sys.SoAttachFilter, fprog, 16) < 0 ? -Sys.Errno : 0;
    }

    /// <summary>struct sock_filter: u16 code, u8 jt, u8 jf, u32 k.</summary>
    private static ulong Insn(ushort code, byte jt, byte jf, uint k) => code | ((ulong)jt << 16) | ((ulong)jf << 24) | ((ulong)k << 32);
}
