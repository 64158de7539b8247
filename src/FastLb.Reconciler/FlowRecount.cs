namespace FastLb.Reconciler;

/// <summary>
/// One recount of the flow tables: entries and active flows of the connection table and the SYN
/// table, and how far the data plane's active counts had drifted from the count (the correction made).
/// </summary>
/// <param name="DriftFlows">Sum over reals of (active flows the data plane counted − flows found active):
/// positive when flows left unseen (evicted by the LRU, idle past their timeout with no packet).</param>
public sealed record FlowRecount(long FlowsEntries, long FlowsActive, long SynEntries, long SynActive, long DriftFlows)
{
    /// <summary>Active flows found per real index.</summary>
    public IReadOnlyDictionary<uint, long> ActiveByReal { get; init; } = new Dictionary<uint, long>();
}
