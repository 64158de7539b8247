// How a new flow picks its real; values match enum fastlb_algorithm in bpf/lib/abi.h.
namespace FastLb.Model;

public enum SchedulingAlgorithm : byte
{
    /// <summary>Consistent hash of the 5-tuple through a Maglev lookup table.</summary>
    Maglev = 0,
}
