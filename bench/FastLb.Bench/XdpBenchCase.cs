using FastLb.Interop.Abi;

namespace FastLb.Bench;

/// <summary>
/// One fastlb row to measure through the harness: a configuration, a frame, how its flow varies,
/// how many runs warm the flow table first (frames of <see cref="WarmFrame"/>, e.g. requests
/// before replies), and the reason every measured iteration must be counted under.
/// </summary>
public sealed record XdpBenchCase(string Name, string Config, byte[] Frame, FlowVariation Variation, Reason Path, uint WarmUp = 0, byte[]? WarmFrame = null, FlowVariation? WarmVariation = null);
