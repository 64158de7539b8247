namespace FastLb.Reconciler;

/// <summary>
/// An operator's runtime change to one real, layered over the config: drained (weight 0: its
/// flows stay, no new flow goes to it) and/or a weight in place of the configured one.
/// </summary>
public sealed record RealOverride(bool Drained, int? Weight)
{
    public bool IsEmpty => !Drained && Weight is null;
}
