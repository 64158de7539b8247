// Wraps the real probe and counts finished checks, so the scheduler run can be measured from outside.
using FastLb.Health;

namespace FastLb.Bench.Health;

public sealed class CountingProbe(IHealthProbe inner) : IHealthProbe
{
    private long _ok;
    private long _failed;

    public ProbeCounts Counts => new(Interlocked.Read(ref _ok), Interlocked.Read(ref _failed));

    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        try
        {
            var result = await inner.ProbeAsync(target, ct).ConfigureAwait(false);
            if (result.Healthy)
            {
                Interlocked.Increment(ref _ok);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
            return result;
        }
        catch
        {
            Interlocked.Increment(ref _failed);
            throw;
        }
    }
}
