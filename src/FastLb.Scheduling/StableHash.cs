// Deterministic 64-bit string hashes for Maglev permutations, equal in every process and machine.
using System.Buffers.Binary;
using System.Text;

namespace FastLb.Scheduling;

/// <summary>
/// A small multiply-rotate hash over the UTF-8 bytes with a MurmurHash3 fmix64 finaliser.
/// Two different seeds give the two independent hashes Maglev needs (offset and skip);
/// string.GetHashCode is randomised per process and so cannot be used.
/// </summary>
public static class StableHash
{
    public const ulong OffsetSeed = 0x6a09e667f3bcc908;
    public const ulong SkipSeed = 0xbb67ae8584caa73b;

    private const ulong Prime1 = 0x9e3779b97f4a7c15;
    private const ulong Prime2 = 0xc2b2ae3d27d4eb4f;

    public static ulong Hash64(string key, ulong seed)
    {
        int length = Encoding.UTF8.GetByteCount(key);
        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, bytes);
        return Hash64(bytes, seed);
    }

    public static ulong Hash64(ReadOnlySpan<byte> data, ulong seed)
    {
        ulong h = seed ^ ((ulong)data.Length * Prime1);
        while (data.Length >= 8)
        {
            h = Round(h, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        if (!data.IsEmpty)
        {
            Span<byte> tail = stackalloc byte[8];
            tail.Clear();
            data.CopyTo(tail);
            h = Round(h, BinaryPrimitives.ReadUInt64LittleEndian(tail) ^ ((ulong)data.Length << 59));
        }

        return Fmix64(h);
    }

    private static ulong Round(ulong h, ulong block)
    {
        h ^= Fmix64(block * Prime2);
        return (ulong.RotateLeft(h, 27) * Prime1) + 0x52dce729;
    }

    private static ulong Fmix64(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccd;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53;
        k ^= k >> 33;
        return k;
    }
}
