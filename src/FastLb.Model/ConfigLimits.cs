// What the data plane can hold, given to the validator by whoever loads the data plane.
namespace FastLb.Model;

/// <summary>
/// Capacity limits a configuration must fit. The controller builds them from the data plane's
/// ABI (AbiLimits); the model keeps no copy of its own.
/// </summary>
public sealed record ConfigLimits(int MaxServices, int MaxReals, int MaxRingSize);
