// The flow hash shared with the XDP program: Linux's jhash2 over struct fastlb_flow_key.
using System.Buffers.Binary;

namespace FastLb.Scheduling;

public static class FlowHash
{
    /// <summary>FASTLB_HASH_SEED in bpf/lib/abi.h.</summary>
    public const uint Seed = 0x46a57b1d;

    /// <summary>sizeof(struct fastlb_flow_key).</summary>
    public const int FlowKeySize = 40;

    private const uint JhashInitval = 0xdeadbeef;

    /// <summary>Bob Jenkins' lookup3 over 32-bit words, exactly as jhash2() in include/linux/jhash.h.</summary>
    public static uint Jhash2(ReadOnlySpan<uint> words, uint initval)
    {
        uint length = (uint)words.Length;
        uint a, b, c;
        a = b = c = JhashInitval + (length << 2) + initval;

        while (words.Length > 3)
        {
            a += words[0];
            b += words[1];
            c += words[2];
            Mix(ref a, ref b, ref c);
            words = words[3..];
        }

        switch (words.Length)
        {
            case 3:
                c += words[2];
                b += words[1];
                a += words[0];
                Final(ref a, ref b, ref c);
                break;
            case 2:
                b += words[1];
                a += words[0];
                Final(ref a, ref b, ref c);
                break;
            case 1:
                a += words[0];
                Final(ref a, ref b, ref c);
                break;
        }

        return c;
    }

    /// <summary>Hash of a 40-byte struct fastlb_flow_key, read as 10 little-endian words, seeded with FASTLB_HASH_SEED.</summary>
    public static uint OfFlowKey(ReadOnlySpan<byte> key40)
    {
        if (key40.Length != FlowKeySize)
        {
            throw new ArgumentException($"a flow key is {FlowKeySize} bytes, got {key40.Length}", nameof(key40));
        }

        Span<uint> words = stackalloc uint[FlowKeySize / 4];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(key40[(i * 4)..]);
        }

        return Jhash2(words, Seed);
    }

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= uint.RotateLeft(c, 4); c += b;
        b -= a; b ^= uint.RotateLeft(a, 6); a += c;
        c -= b; c ^= uint.RotateLeft(b, 8); b += a;
        a -= c; a ^= uint.RotateLeft(c, 16); c += b;
        b -= a; b ^= uint.RotateLeft(a, 19); a += c;
        c -= b; c ^= uint.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= uint.RotateLeft(b, 14);
        a ^= c; a -= uint.RotateLeft(c, 11);
        b ^= a; b -= uint.RotateLeft(a, 25);
        c ^= b; c -= uint.RotateLeft(b, 16);
        a ^= c; a -= uint.RotateLeft(c, 4);
        b ^= a; b -= uint.RotateLeft(a, 14);
        c ^= b; c -= uint.RotateLeft(b, 24);
    }
}
