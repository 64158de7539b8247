namespace FastLb.Bench;

/// <summary>Where a test-run frame arrives.</summary>
public enum BenchIngress
{
    /// <summary>The kernel's default device (lo of the calling namespace): no FIB is consulted.</summary>
    Default,

    /// <summary>The NAT namespace's outside veth (o0): a client's request.</summary>
    Outside,

    /// <summary>The NAT namespace's inside veth (i0): a real's reply.</summary>
    Inside,
}
