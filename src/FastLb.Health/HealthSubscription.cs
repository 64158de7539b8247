// One service's real that wants the verdict of a target's probe.
namespace FastLb.Health;

/// <summary>Service <paramref name="Service"/> uses real <paramref name="Real"/>, checked as <paramref name="Target"/>.</summary>
public sealed record HealthSubscription(string Service, string Real, CheckTarget Target);
