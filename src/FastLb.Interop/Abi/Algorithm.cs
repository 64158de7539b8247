namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_algorithm: real-selection algorithms.</summary>
public enum Algorithm : byte
{
    /// <summary>Consistent hash of the 5-tuple through the ring.</summary>
    Maglev = 0,

    /// <summary>The ring holds each eligible real once; new flows take it in turn.</summary>
    RoundRobin = 1,

    /// <summary>The ring holds a smooth weighted sequence, taken in turn.</summary>
    WeightedRoundRobin = 2,

    /// <summary>The ring lists the eligible reals: the fewest active flows wins.</summary>
    LeastConn = 3,

    /// <summary>The same, active flows per unit of weight.</summary>
    WeightedLeastConn = 4,

    /// <summary>Maglev ring on a hash of <see cref="Service.HashFields"/>.</summary>
    Hash = 5,

    /// <summary>A client (<see cref="Service.HashFields"/>) keeps its real; placed by least connections.</summary>
    Sticky = 6,
}
