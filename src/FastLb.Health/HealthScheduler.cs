// One async loop that runs every health probe on time, deduplicated by target, on a TimeProvider.
using System.Threading.Channels;
using FastLb.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastLb.Health;

/// <summary>
/// Schedules probes for all targets from a single loop: a priority queue of due times, no
/// thread per check, at most <see cref="HealthSchedulerOptions.MaxConcurrency"/> probes in
/// flight. Each distinct <see cref="CheckTarget"/> is probed once per interval however many
/// services use it. A target's first check comes at a random offset in [0, jitter); each next
/// one interval plus a random [0, jitter) after the previous due time (with
/// <see cref="HealthSchedulerOptions.SpreadFirstChecks"/>, the first check also gets a random
/// share of one interval, so many targets added at once do not come due together). Checks due
/// within <see cref="HealthSchedulerOptions.Slack"/> of one another start together, up to that
/// much early, so thousands of targets cost one wake per slack, not one per check. A probe still running
/// at the check's timeout fails with "timeout".
/// State lives in memory only: after <see cref="Update"/> a target whose key survives keeps its
/// state and counters; a new target (and every target after a controller restart) starts from
/// its config's initial state and needs rise successes (or fall failures) to change.
/// </summary>
public sealed partial class HealthScheduler : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Func<CheckType, IHealthProbe> _probeFor;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _logger;
    private readonly HealthMetrics? _metrics;
    private readonly Dictionary<CheckTarget, ScheduledTarget> _entries = [];
    private readonly PriorityQueue<ScheduledTarget, DateTimeOffset> _queue = new();
    private readonly Channel<HealthTransition> _transitions = Channel.CreateUnbounded<HealthTransition>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<TimeSpan>? _lateness;
    private readonly bool _spreadFirstChecks;
    // The share of a check's interval it may start early to join a batch (HealthSchedulerOptions.Slack).
    private const int SlackShare = 50;

    private TimeSpan _slack;
    private readonly bool _direct;
    private TaskCompletionSource _wake = NewSignal();
    private readonly Dictionary<CheckTarget, HealthState> _seeds = [];
    private DateTimeOffset? _sleepUntil;
    private Task? _loop;

    public HealthScheduler(HealthSchedulerOptions? options = null, ILogger<HealthScheduler>? logger = null, HealthMetrics? metrics = null)
    {
        options ??= new HealthSchedulerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        _time = options.Time;
        _random = options.Random;
        _probeFor = options.ProbeFor;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = metrics;
        _lateness = options.Lateness;
        _spreadFirstChecks = options.SpreadFirstChecks;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Slack, TimeSpan.Zero);
        _slack = options.Slack;
        // The check loop keeps real time: probes it runs are used only when the scheduler does too.
        _direct = ReferenceEquals(_time, TimeProvider.System);
    }

    /// <summary>Every state change, in order, with the reals it affects.</summary>
    public ChannelReader<HealthTransition> Transitions => _transitions.Reader;

    /// <summary>Starts the loop; call once.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_loop is not null)
            {
                throw new InvalidOperationException("the health scheduler is already started");
            }
            _loop = Task.Run(() => RunAsync(_stop.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _transitions.Writer.TryComplete();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        // One timer, re-armed for the earliest due time; completions wake the loop only when
        // they bring that time forward, so a busy scheduler does not spin once per probe.
        using var timer = _time.CreateTimer(static s => ((HealthScheduler)s!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var stopping = ct.UnsafeRegister(static s => ((HealthScheduler)s!).Wake(), this);
        var due = new List<ScheduledTarget>();
        while (!ct.IsCancellationRequested)
        {
            Task wake;
            due.Clear();
            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = NewSignal();
                }
                wake = _wake.Task;
                // A stop that woke the old signal just before it was replaced would be lost: the new
                // one is never set. The stop's Wake takes this lock, so checking here covers the gap.
                if (ct.IsCancellationRequested)
                {
                    break;
                }
                _sleepUntil = null;
                // Checks due within the slack start now with the rest: one wake for the lot.
                var horizon = _time.GetUtcNow() + _slack;
                while (_queue.TryPeek(out var entry, out var at) && at <= horizon)
                {
                    _queue.Dequeue();
                    if (!entry.Removed && entry.DueAt == at)
                    {
                        due.Add(entry);
                    }
                }
            }

            foreach (var entry in due)
            {
                await _slots.WaitAsync(ct).ConfigureAwait(false);
                if (_lateness is { } observe)
                {
                    observe(_time.GetUtcNow() - entry.DueAt);
                }
                var probe = _probeFor(entry.Target.Check.Type);
                if (_direct && probe is IDirectProbe direct && TryStartDirect(direct, entry))
                {
                    continue; // the check loop reports to entry.Completed
                }
                _ = ProbeAsync(entry, probe, ct);
            }
            if (due.Count > 0)
            {
                continue;
            }

            lock (_gate)
            {
                if (wake.IsCompleted)
                {
                    continue;
                }
                // Read again under the lock: a probe finished since the scan may have queued an earlier check.
                var next = _queue.TryPeek(out _, out var at) ? at : DateTimeOffset.MaxValue;
                var now = _time.GetUtcNow();
                if (next <= now + _slack)
                {
                    continue;
                }
                _sleepUntil = next;
                if (!Arm(timer, next, now))
                {
                    continue;
                }
            }
            await wake.ConfigureAwait(false);
        }
    }

    /// <summary>Hands the check to the check loop; a target it cannot prepare (say, a bad request) goes the task path, which reports the error.</summary>
    private static bool TryStartDirect(IDirectProbe probe, ScheduledTarget entry)
    {
        try
        {
            return probe.TryStart(entry.Target, entry);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Arms the timer for <paramref name="next"/>; false when that time has come meanwhile. The timer
    /// is relative, so a clock that jumped while arming (a test clock advanced from another thread, a
    /// suspended process) is read again and the timer armed again rather than left late.
    /// </summary>
    private bool Arm(ITimer timer, DateTimeOffset next, DateTimeOffset now)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            timer.Change(next == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : next - now, Timeout.InfiniteTimeSpan);
            var after = _time.GetUtcNow();
            if (after - now < TimeSpan.FromMilliseconds(1))
            {
                return true;
            }
            if (next <= after + _slack)
            {
                return false;
            }
            now = after;
        }
        return true;
    }

    private void Wake()
    {
        lock (_gate)
        {
            WakeLocked();
        }
    }

    private async Task ProbeAsync(ScheduledTarget entry, IHealthProbe probe, CancellationToken ct)
    {
        var target = entry.Target;
        try
        {
            var result = await ProbeRunner.RunAsync(probe, target, _time, ct).ConfigureAwait(false);
            Complete(entry, result.Healthy, result.Reason, result.Duration);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            HealthLog.ProbeCrashed(_logger, target, e);
            Complete(entry, false, ProbeReasons.Error, TimeSpan.Zero);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>A check of a direct probe ended (on the check loop's thread).</summary>
    internal void Completed(ScheduledTarget entry, bool healthy, string reason, TimeSpan duration)
    {
        try
        {
            if (!_stop.IsCancellationRequested)
            {
                Complete(entry, healthy, reason, duration);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Complete(ScheduledTarget entry, bool healthy, string reason, TimeSpan duration)
    {
        var check = entry.Target.Check;
        _metrics?.Observe(check.Type, healthy, reason, duration);
        if (!healthy)
        {
            HealthLog.ProbeFailed(_logger, entry.Target, reason, duration.TotalMilliseconds);
        }
        lock (_gate)
        {
            if (entry.Removed)
            {
                return;
            }
            entry.LastReason = reason;
            if (entry.Machine.Record(healthy))
            {
                var state = entry.Machine.State;
                var transition = new HealthTransition(entry.Target, entry.Reals, state, reason, _time.GetUtcNow());
                foreach (var real in entry.Reals)
                {
                    _metrics?.SetReal(real, state);
                }
                HealthLog.Transition(_logger, entry.Target, state, reason, string.Join(", ", entry.Reals));
                _transitions.Writer.TryWrite(transition);
            }
            var now = _time.GetUtcNow();
            var next = entry.DueAt + check.Interval + Jitter(check);
            next = next < now ? now : next;
            Enqueue(entry, next);
            if (_sleepUntil is { } sleeping && next < sleeping)
            {
                WakeLocked();
            }
        }
    }

    private void Enqueue(ScheduledTarget entry, DateTimeOffset at)
    {
        entry.DueAt = at;
        _queue.Enqueue(entry, at);
    }

    private TimeSpan FirstOffset(HealthCheckConfig check) =>
        _spreadFirstChecks ? TimeSpan.FromTicks((long)(check.Interval.Ticks * _random.NextDouble())) + Jitter(check) : Jitter(check);

    private TimeSpan Jitter(HealthCheckConfig check) =>
        check.Jitter <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(check.Jitter.Ticks * _random.NextDouble()));

    private void WakeLocked()
    {
        _wake.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
