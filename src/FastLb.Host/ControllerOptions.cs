using FastLb.Model;

namespace FastLb.Host;

/// <summary>What the controller starts with: the validated config and the file it came from (null if embedded).</summary>
public sealed record ControllerOptions(FastLbConfig Config, string? ConfigPath);
