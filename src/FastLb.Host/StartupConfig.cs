using FastLb.Model;

namespace FastLb.Host;

/// <summary>
/// The validated config the controller starts with, and the file SIGHUP reloads it from (null
/// when embedded, as in the demo). After a reload the controller's RunningConfig differs from it.
/// </summary>
public sealed record StartupConfig(FastLbConfig Config, string? Path);
