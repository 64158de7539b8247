// Runs one probe with the check's timeout on a TimeProvider and turns every failure into a result.
namespace FastLb.Health;

public static class ProbeRunner
{
    /// <summary>
    /// Runs <paramref name="probe"/> against <paramref name="target"/>; a probe still running at
    /// the check's timeout is cancelled and abandoned (reason "timeout"), even if it ignores
    /// its token. Only cancellation of <paramref name="ct"/> itself propagates.
    /// </summary>
    public static async Task<ProbeResult> RunAsync(IHealthProbe probe, CheckTarget target, TimeProvider time, CancellationToken ct)
    {
        var start = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(target.Check.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            var task = Task.Run(() => probe.ProbeAsync(target, linked.Token), CancellationToken.None);
            var result = await task.WaitAsync(linked.Token).ConfigureAwait(false);
            return result with { Duration = time.GetElapsedTime(start) };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeResult.Fail(ProbeReasons.Timeout, time.GetElapsedTime(start));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ProbeResult.Fail(ProbeErrors.ReasonFor(e), time.GetElapsedTime(start));
        }
    }
}
