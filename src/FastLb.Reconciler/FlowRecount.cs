namespace FastLb.Reconciler;

/// <summary>
/// One recount of the connection table: entries and active flows past their SYN and of flows that
/// have sent only SYNs, and how far the data plane's active counts had drifted from the count (the
/// correction made).
/// </summary>
/// <param name="DriftFlows">Sum over reals of (active flows the data plane counted − flows found active):
/// positive when flows left unseen (idle past their timeout with no packet, lost in a race).</param>
public sealed record FlowRecount(long FlowsEntries, long FlowsActive, long SynEntries, long SynActive, long DriftFlows)
{
    /// <summary>Active flows found per real index.</summary>
    public IReadOnlyDictionary<uint, long> ActiveByReal { get; init; } = new Dictionary<uint, long>();
}
