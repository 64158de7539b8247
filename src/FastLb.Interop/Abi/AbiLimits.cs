namespace FastLb.Interop.Abi;

/// <summary>
/// The limits and constants of abi.h, the only definition on the C# side: the model receives
/// them as ConfigLimits (FastLb.Reconciler.DataPlaneLimits), and AbiLimitsTests compares them
/// with the max_entries of the compiled object's maps.
/// </summary>
public static class AbiLimits
{
    /// <summary>FASTLB_MAX_SERVICES: services (VIP:port/proto) compiled in, the default of `max-services`.</summary>
    public const int MaxServices = 1024;

    /// <summary>FASTLB_MAX_SERVICES_LIMIT: the largest `max-services` (fastlb_real.service is a u16).</summary>
    public const int MaxServicesLimit = 16384;

    /// <summary>FASTLB_MAX_REALS: reals shared by all services compiled in, the default of `max-reals`.</summary>
    public const int MaxReals = 16384;

    /// <summary>FASTLB_MAX_REALS_LIMIT: the largest `max-reals`, bound of every real index in the program.</summary>
    public const int MaxRealsLimit = 131072;

    /// <summary>FASTLB_RING_PAIR: slots per entry of a selection table (inner map of fastlb_rings).</summary>
    public const int RingPair = 2;

    /// <summary>FASTLB_RING_MAX: largest Maglev table of one service (a prime).</summary>
    public const int RingMax = 65537;

    /// <summary>FASTLB_FLOWS_MAX: connection-table slots compiled in (a power of two).</summary>
    public const int FlowsMax = 262144;

    /// <summary>FASTLB_FLOW_WAYS: slots per connection-table bucket.</summary>
    public const int FlowWays = 4;

    /// <summary>FASTLB_FLOW_NEAR_BUCKETS: a flow's near bucket is one of the table's first this many.</summary>
    public const int FlowNearBuckets = 16384;

    /// <summary>FASTLB_FLOW_TIME_SHIFT: fastlb_flow.refreshed is the data-plane clock's ns shifted right by this.</summary>
    public const int FlowTimeShift = 20;

    /// <summary>FASTLB_NAT_BORN_SHIFT: fastlb_nat.born is the data-plane clock's ns shifted right by this, truncated to 16 bits.</summary>
    public const int NatBornShift = 30;

    /// <summary>FASTLB_NO_REAL: ring slot or flow with no real.</summary>
    public const uint NoReal = 0xffffffffu;

    /// <summary>FASTLB_HASH_SEED: seed of the flow hash (bpf/lib/flow_hash.h).</summary>
    public const uint HashSeed = 0x46a57b1du;

    /// <summary>FASTLB_VIP_FILTER_WORDS: words of fastlb_vip_filter, eight one-byte counters each.</summary>
    public const int VipFilterWords = 8192;

    /// <summary>FASTLB_VIP_FILTER_STUCK: a fastlb_vip_filter counter this high is never decremented.</summary>
    public const byte VipFilterStuck = 255;

    /// <summary>FASTLB_SVC_LIVE_TAG_SHIFT: the key's tag's place in a fastlb_service_live word.</summary>
    public const int ServiceLiveTagShift = 8;

    /// <summary>FASTLB_SVC_LIVE_COPY: the live copy's bit in a fastlb_service_live word.</summary>
    public const uint ServiceLiveCopy = 1;

    /// <summary>FASTLB_DECAP_MAX_VIPS: VIPs one decapsulator accepts.</summary>
    public const int DecapMaxVips = 256;

    /// <summary>FASTLB_DECAP_R_MAX: number of <see cref="DecapReason"/> values.</summary>
    public const int DecapReasonCount = 5;

    /// <summary>FASTLB_GUE_PORT_DEFAULT: the GUE port when `gue-port` is not given.</summary>
    public const ushort GuePortDefault = 6080;

    /// <summary>FASTLB_R_MAX: number of <see cref="Reason"/> values (entries of fastlb_stats).</summary>
    public const int ReasonCount = 22;

    /// <summary>FASTLB_RING_OUTER: the fastlb_rings entry holding copy <paramref name="copy"/> of service <paramref name="id"/>'s table.</summary>
    public static uint RingOuter(uint id, uint copy)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, (uint)MaxServicesLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(copy, 1u);
        return (id * 2u) + copy;
    }

    /// <summary>FASTLB_SVC_CFG: the fastlb_service_cfg entry holding copy <paramref name="copy"/> of service <paramref name="id"/>'s config.</summary>
    public static uint ServiceCfg(uint id, uint copy) => RingOuter(id, copy);
}
