// A probe whose verdict the test sets per target; records when each target was probed.
using System.Collections.Concurrent;
using FastLb.Health;

namespace FastLb.Health.Tests;

internal sealed class ScriptedProbe(TimeProvider time) : IHealthProbe
{
    private readonly ConcurrentDictionary<CheckTarget, ProbeResult?> _verdicts = new();
    private int _hanging;

    /// <summary>Probe calls in order: target and fake-clock time.</summary>
    public ConcurrentQueue<(CheckTarget Target, DateTimeOffset At)> Calls { get; } = new();

    /// <summary>The default for targets without a verdict; null means hang until cancelled.</summary>
    public ProbeResult? Default { get; set; } = ProbeResult.Ok(TimeSpan.Zero);

    public void Set(CheckTarget target, bool healthy, string reason = "ok") =>
        _verdicts[target] = new ProbeResult(healthy, healthy ? "ok" : reason, TimeSpan.Zero);

    public void Hang(CheckTarget target) => _verdicts[target] = null;

    public int CountFor(CheckTarget target) => Calls.Count(c => c.Target.Equals(target));

    /// <summary>Probes hanging now: entered, told to hang, and not yet cancelled (a timeout cancels synchronously).</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        Calls.Enqueue((target, time.GetUtcNow()));
        var verdict = _verdicts.TryGetValue(target, out var v) ? v : Default;
        if (verdict is null)
        {
            Interlocked.Increment(ref _hanging);
            // Counted down inside the call that cancels (the fake clock's Advance), so a waiter never
            // sees a cut probe as still hanging. Never disposed: the await below may resume inline
            // during that same cancellation, and disposing would drop this callback before it ran.
            ct.UnsafeRegister(_ => Interlocked.Decrement(ref _hanging), null);
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }
        return verdict!;
    }
}
