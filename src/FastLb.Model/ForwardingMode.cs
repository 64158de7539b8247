// How a packet for a VIP reaches the chosen real; values match enum fastlb_mode in bpf/lib/abi.h.
namespace FastLb.Model;

public enum ForwardingMode : byte
{
    /// <summary>Direct server return on one L2 segment: only the destination MAC changes.</summary>
    DsrL2 = 0,
}
