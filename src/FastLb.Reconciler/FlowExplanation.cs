namespace FastLb.Reconciler;

/// <summary>
/// Where the live data plane sends one flow, as read from the pinned maps: the service its
/// destination matches, the flow table's entry if one still counts, else the ring slot a new
/// flow hashes to; and the real either gives (index, endpoint, whether it is up).
/// </summary>
public sealed record FlowExplanation(
    string Flow,
    bool ServiceMatched,
    uint ServiceId,
    string Mode,
    uint RingSize,
    int LiveCopy,
    bool InFlowTable,
    string FlowTableNote,
    uint Hash,
    uint Slot,
    uint? RealIndex,
    string? RealEndpoint,
    bool RealUp);
