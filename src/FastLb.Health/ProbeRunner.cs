// Runs one probe with the check's timeout on a TimeProvider and turns every failure into a result.
namespace FastLb.Health;

public static class ProbeRunner
{
    /// <summary>
    /// Runs <paramref name="probe"/> against <paramref name="target"/>; a probe still running at
    /// the check's timeout is cancelled and abandoned (reason "timeout"), even if it ignores
    /// its token. Only cancellation of <paramref name="ct"/> itself propagates. The probe starts
    /// on the calling thread: probes are asynchronous and return at their first wait.
    /// </summary>
    public static async Task<ProbeResult> RunAsync(IHealthProbe probe, CheckTarget target, TimeProvider time, CancellationToken ct)
    {
        var start = time.GetTimestamp();
        // One source for both causes: the timeout, and the caller's token through a registration.
        using var cut = new CancellationTokenSource(target.Check.Timeout, time);
        using var stopping = ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cut);
        try
        {
            var task = probe.ProbeAsync(target, cut.Token);
            var result = task.IsCompleted ? await task.ConfigureAwait(false) : await task.WaitAsync(cut.Token).ConfigureAwait(false);
            return result with { Duration = time.GetElapsedTime(start) };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeResult.Fail(ProbeReasons.Timeout, time.GetElapsedTime(start));
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException(ct);
        }
        catch (Exception e)
        {
            return ProbeResult.Fail(ProbeErrors.ReasonFor(e), time.GetElapsedTime(start));
        }
    }
}
