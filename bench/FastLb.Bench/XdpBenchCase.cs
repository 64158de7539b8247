using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Bench;

/// <summary>
/// One fastlb row to measure through the harness: a configuration (every service in
/// <see cref="Mode"/>, reals on <see cref="RealPort"/> when set), a frame, how its flow varies,
/// how many runs warm the flow table first (frames of <see cref="WarmFrame"/>, e.g. requests
/// before replies), where the frame arrives (<see cref="Ingress"/>: the default device, or the
/// NAT namespace's outside or inside veth) and the reason every measured iteration must be
/// counted under. <see cref="Overflows"/>: the row's flows exceed the flow table, so misses are
/// expected and reported, not a broken path. <see cref="Cpus"/> 2: the row runs on both CPUs at once,
/// each pinned and varying flows of its own; <see cref="NatPerCpuLru"/>: the NAT reverse tables with
/// an LRU list per CPU. <see cref="Reference"/>: the row runs the reference balancer
/// (<see cref="ReferenceBalancer"/>) on the frame instead of fastlb, and <see cref="Config"/> is unused.
/// </summary>
public sealed record XdpBenchCase(
    string Name,
    string Config,
    byte[] Frame,
    FlowVariation Variation,
    Reason Path,
    uint WarmUp = 0,
    byte[]? WarmFrame = null,
    FlowVariation? WarmVariation = null,
    ForwardingMode Mode = ForwardingMode.DsrL2,
    ushort? RealPort = null,
    BenchIngress Ingress = BenchIngress.Default,
    bool Overflows = false,
    int Cpus = 1,
    bool NatPerCpuLru = false,
    bool Reference = false)
{
    /// <summary>The path every measured iteration must take: a fastlb reason, or the reference's.</summary>
    public string PathName => Reference ? ReferenceBalancer.PathName : Path.ToString();

    /// <summary>The program the row measures.</summary>
    public string ProgramName => Reference ? "ref_balancer" : "fastlb_xdp";
}
