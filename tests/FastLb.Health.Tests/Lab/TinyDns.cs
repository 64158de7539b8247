// A minimal DNS responder's answer function: one A record for any question, or a fixed error rcode.
using System.Buffers.Binary;

namespace FastLb.Health.Tests.Lab;

internal static class TinyDns
{
    /// <summary>Answers <paramref name="query"/> with rcode 0 and one A record (192.0.2.53), or with <paramref name="rcode"/> and no answer.</summary>
    public static byte[]? Answer(byte[] query, int rcode = 0)
    {
        if (query.Length < 12)
        {
            return null;
        }
        var end = 12;
        while (end < query.Length && query[end] != 0)
        {
            end += query[end] + 1;
        }
        end += 1 + 4; // root label, QTYPE, QCLASS
        if (end > query.Length)
        {
            return null;
        }
        var reply = new List<byte>(query.AsSpan(0, end).ToArray());
        var flags = (ushort)(0x8180 | rcode); // QR, RD, RA
        reply[2] = (byte)(flags >> 8);
        reply[3] = (byte)flags;
        reply[6] = 0;
        reply[7] = rcode == 0 ? (byte)1 : (byte)0; // ANCOUNT
        reply[8] = reply[9] = reply[10] = reply[11] = 0;
        if (rcode == 0)
        {
            Span<byte> answer = stackalloc byte[16];
            BinaryPrimitives.WriteUInt16BigEndian(answer, 0xC00C); // name: pointer to the question
            BinaryPrimitives.WriteUInt16BigEndian(answer[2..], 1); // A
            BinaryPrimitives.WriteUInt16BigEndian(answer[4..], 1); // IN
            BinaryPrimitives.WriteUInt32BigEndian(answer[6..], 60);
            BinaryPrimitives.WriteUInt16BigEndian(answer[10..], 4);
            answer[12] = 192;
            answer[13] = 0;
            answer[14] = 2;
            answer[15] = 53;
            reply.AddRange(answer.ToArray());
        }
        return reply.ToArray();
    }
}
