namespace FastLb.Wire;

/// <summary>Every checksum found in a frame, each recomputed from scratch.</summary>
public sealed record ChecksumReport(IReadOnlyList<ChecksumResult> Results)
{
    public bool AllValid => Results.All(r => r.Valid);
}
