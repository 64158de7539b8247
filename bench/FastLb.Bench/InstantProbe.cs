// A probe that answers at once, so a scheduler round measures the scheduler and nothing else.
using FastLb.Health;

namespace FastLb.Bench;

public sealed class InstantProbe : IHealthProbe
{
    private static readonly Task<ProbeResult> Healthy = Task.FromResult(ProbeResult.Ok(TimeSpan.Zero));
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return Healthy;
    }
}
