namespace FastLb.PacketTests.Reference;

/// <summary>The verdicts the reference model predicts (values as enum xdp_action).</summary>
public enum XdpVerdict : uint
{
    Drop = 1,
    Pass = 2,
    Tx = 3,
    Redirect = 4,
}
