// The outcome of one probe: healthy or not, why, and how long it took.
namespace FastLb.Health;

/// <summary>One probe's verdict. <paramref name="Reason"/> is a short stable token (see <see cref="ProbeReasons"/>).</summary>
public sealed record ProbeResult(bool Healthy, string Reason, TimeSpan Duration)
{
    public static ProbeResult Ok(TimeSpan duration) => new(true, ProbeReasons.Ok, duration);

    public static ProbeResult Fail(string reason, TimeSpan duration) => new(false, reason, duration);
}
