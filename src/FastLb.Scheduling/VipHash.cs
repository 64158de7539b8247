using System.Runtime.InteropServices;

namespace FastLb.Scheduling;

/// <summary>
/// vip_hash of bpf/lib/vip_filter.h over a service key, and what the data plane derives from it:
/// the tag in fastlb_service_live (FASTLB_VIP_TAG) and the counter of fastlb_vip_filter.
/// </summary>
public static class VipHash
{
    /// <summary>The key's five words (as the data plane loads them) weighted apart, then mixed.</summary>
    /// <param name="key">A 20-byte struct fastlb_vip_key.</param>
    public static uint Of(ReadOnlySpan<byte> key)
    {
        if (key.Length != 20)
        {
            throw new ArgumentException($"a service key is 20 bytes, got {key.Length}", nameof(key));
        }
        var w = MemoryMarshal.Cast<byte, uint>(key);
        return FlowHash.Mix32(unchecked(w[0] + w[1] * 0x9e3779b1u + w[2] * 0x85ebca6bu + w[3] * 0xc2b2ae35u + w[4] * 0x27d4eb2fu));
    }

    /// <summary>FASTLB_VIP_TAG: never 0, which marks an id no key names.</summary>
    public static uint Tag(uint hash) => (hash >> 8) | 0x800000u;

    /// <summary>The byte of fastlb_vip_filter (mapped) that counts keys with <paramref name="hash"/>.</summary>
    public static int Counter(uint hash) => (int)(hash & 0xffff);
}
