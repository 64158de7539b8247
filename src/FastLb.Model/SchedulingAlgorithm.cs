// How a new flow picks its real; values match enum fastlb_algorithm in bpf/lib/abi.h.
namespace FastLb.Model;

public enum SchedulingAlgorithm : byte
{
    /// <summary>`maglev`: consistent hash of the 5-tuple through a Maglev lookup table.</summary>
    Maglev = 0,

    /// <summary>`round-robin`: each eligible real in turn.</summary>
    RoundRobin = 1,

    /// <summary>`weighted-round-robin`: a smooth weighted sequence, in turn.</summary>
    WeightedRoundRobin = 2,

    /// <summary>`least-connections`: the eligible real with the fewest active flows.</summary>
    LeastConnections = 3,

    /// <summary>`weighted-least-connections`: the fewest active flows per unit of weight.</summary>
    WeightedLeastConnections = 4,

    /// <summary>`hash`: the Maglev table on a hash of `hash-fields` only.</summary>
    Hash = 5,

    /// <summary>`sticky`: a client (`sticky-fields`) keeps its real until idle for `sticky-timeout`.</summary>
    Sticky = 6,
}
