// The flow hash shared with the XDP program (bpf/lib/flow_hash.h) over struct fastlb_flow_key.
using System.Buffers.Binary;

namespace FastLb.Scheduling;

public static class FlowHash
{
    /// <summary>FASTLB_HASH_SEED in bpf/lib/abi.h.</summary>
    public const uint Seed = 0x46a57b1d;

    /// <summary>sizeof(struct fastlb_flow_key).</summary>
    public const int FlowKeySize = 40;

    // flow_hash.h's constant per key word.
    private static ReadOnlySpan<ulong> WordFactors =>
    [
        0xccb37a5f8558f735, 0xda196776220f933f, 0xebacb5b73f0493d1, 0x131e53282b2633b9, 0x1ae7941429bccca3,
        0x8c7c58d3a2f56539, 0xd67dade7db829347, 0xe3d5eea035510149, 0x9dd84fc49dcab0d7, 0x673bded62e171e83,
    ];

    /// <summary>flow_hash of a 40-byte struct fastlb_flow_key, read as 10 little-endian words, seeded with FASTLB_HASH_SEED.</summary>
    public static uint OfFlowKey(ReadOnlySpan<byte> key40)
    {
        if (key40.Length != FlowKeySize)
        {
            throw new ArgumentException($"a flow key is {FlowKeySize} bytes, got {key40.Length}", nameof(key40));
        }

        var h = (ulong)Seed;
        for (var i = 0; i < FlowKeySize / 4; i++)
        {
            h += BinaryPrimitives.ReadUInt32LittleEndian(key40[(i * 4)..]) * WordFactors[i];
        }
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9;
        h = (h ^ (h >> 27)) * 0x94d049bb133111eb;
        h ^= h >> 31;
        return (uint)(h ^ (h >> 32));
    }

    /// <summary>hash_mix32 in bpf/lib/flow_hash.h: murmur3's 32-bit finalizer.</summary>
    public static uint Mix32(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6bu;
        h ^= h >> 13;
        h *= 0xc2b2ae35u;
        h ^= h >> 16;
        return h;
    }
}
