namespace FastLb.Wire;

/// <summary>One checksum of a frame: what the frame carries and what it should carry.</summary>
public sealed record ChecksumResult(string Field, ushort Stored, ushort Computed)
{
    public bool Valid => Stored == Computed;

    public override string ToString() => $"{Field} checksum 0x{Stored:x4}, expected 0x{Computed:x4}";
}
