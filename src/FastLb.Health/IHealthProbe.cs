// One kind of active check (icmp, tcp, http, ...), run against one target.
namespace FastLb.Health;

public interface IHealthProbe
{
    /// <summary>
    /// Probes <paramref name="target"/> once. Failures come back as an unhealthy result; the
    /// token is cancelled at the check's timeout (the caller turns that into "timeout").
    /// </summary>
    Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct);
}
