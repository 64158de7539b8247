using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>
/// vip_hash of bpf/lib/vip_filter.h over a service key, and what the data plane derives from it:
/// the tag in fastlb_service_live (FASTLB_VIP_TAG) and the counter of fastlb_vip_filter.
/// </summary>
public static class VipHash
{
    /// <summary>FASTLB_VIP_FILTER_WORDS: eight one-byte counters per 64-bit word.</summary>
    public const int FilterWords = 8192;

    /// <summary>FASTLB_VIP_FILTER_STUCK: a counter this high is never decremented.</summary>
    public const byte Stuck = 255;

    /// <summary>FASTLB_SVC_LIVE_TAG_SHIFT: the tag's place in a fastlb_service_live word.</summary>
    public const int TagShift = 8;

    /// <summary>FASTLB_SVC_LIVE_COPY: the live copy's bit in a fastlb_service_live word.</summary>
    public const uint CopyBit = 1;

    /// <summary>The key's five words (as the data plane loads them) weighted apart, then mixed.</summary>
    public static uint Of(in VipKey key)
    {
        var w = MemoryMarshal.Cast<VipKey, uint>(new ReadOnlySpan<VipKey>(in key));
        var h = unchecked(w[0] + w[1] * 0x9e3779b1u + w[2] * 0x85ebca6bu + w[3] * 0xc2b2ae35u + w[4] * 0x27d4eb2fu);
        h ^= h >> 16;
        h = unchecked(h * 0x85ebca6bu);
        h ^= h >> 13;
        h = unchecked(h * 0xc2b2ae35u);
        h ^= h >> 16;
        return h;
    }

    /// <summary>FASTLB_VIP_TAG: never 0, which marks an id no key names.</summary>
    public static uint Tag(uint hash) => (hash >> 8) | 0x800000u;

    /// <summary>The byte of fastlb_vip_filter (mapped) that counts keys with <paramref name="hash"/>.</summary>
    public static int Counter(uint hash) => (int)(hash & 0xffff);
}
