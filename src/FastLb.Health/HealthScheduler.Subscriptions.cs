// The scheduler's subscriptions: which targets are probed for which reals, their seeds, and the state read back.
using FastLb.Model;

namespace FastLb.Health;

public sealed partial class HealthScheduler
{
    /// <summary>
    /// Replaces the set of subscriptions (a config reload). Targets present before and after keep
    /// their state; new ones start from their initial state; targets no longer used are dropped,
    /// and a probe of theirs still in flight is ignored.
    /// </summary>
    public void Update(IEnumerable<HealthSubscription> subscriptions)
    {
        var wanted = new Dictionary<CheckTarget, List<ServiceReal>>();
        foreach (var s in subscriptions)
        {
            if (!wanted.TryGetValue(s.Target, out var reals))
            {
                wanted[s.Target] = reals = [];
            }
            var real = new ServiceReal(s.Service, s.Real);
            if (!reals.Contains(real))
            {
                reals.Add(real);
            }
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var removed = 0;
            var kept = 0;
            foreach (var (target, entry) in _entries.ToList())
            {
                if (!wanted.ContainsKey(target))
                {
                    entry.Removed = true;
                    _entries.Remove(target);
                    removed++;
                    foreach (var real in entry.Reals)
                    {
                        _metrics?.RemoveReal(real);
                    }
                }
            }
            foreach (var (target, reals) in wanted)
            {
                if (_entries.TryGetValue(target, out var entry))
                {
                    kept++;
                    foreach (var gone in entry.Reals.Except(reals))
                    {
                        _metrics?.RemoveReal(gone);
                    }
                }
                else
                {
                    var check = target.Check;
                    entry = new ScheduledTarget(this, target, new HealthStateMachine(check.Rise, check.Fall, _seeds.Remove(target, out var seeded) ? seeded : check.Initial));
                    _entries[target] = entry;
                    Enqueue(entry, now + FirstOffset(check));
                    // Early by at most a fiftieth of any interval (the default jitter is a tenth).
                    _slack = TimeSpan.FromTicks(Math.Min(_slack.Ticks, check.Interval.Ticks / SlackShare));
                }
                entry.Reals = reals;
                foreach (var real in reals)
                {
                    _metrics?.SetReal(real, entry.Machine.State);
                }
            }
            HealthLog.Updated(_logger, wanted.Count - kept, kept, removed);
            WakeLocked();
        }
    }

    /// <summary>The state of <paramref name="target"/>, or null when no subscription uses it.</summary>
    public HealthState? Current(CheckTarget target)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(target, out var entry) ? entry.Machine.State : null;
        }
    }

    /// <summary>The state deciding real <paramref name="real"/> of <paramref name="service"/>, or null when unknown.</summary>
    public HealthState? Current(string service, string real)
    {
        var key = new ServiceReal(service, real);
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Reals.Contains(key))
                {
                    return entry.Machine.State;
                }
            }
            return null;
        }
    }

    /// <summary>
    /// Every target probed, with its state, the reason of its last probe, the reals it decides and
    /// when its next probe is due (the due time of the one running now, while one runs).
    /// </summary>
    public IReadOnlyList<TargetHealth> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries.Values.Select(e => new TargetHealth(e.Target, e.Machine.State, e.LastReason, e.DueAt, e.Reals))];
        }
    }

    /// <summary>
    /// States that targets not subscribed yet start in, instead of their check's initial state: a
    /// controller taking over a running data plane carries on from the health that plane holds.
    /// A seed is used once, by the next <see cref="Update"/> that adds its target.
    /// </summary>
    public void Seed(IReadOnlyDictionary<CheckTarget, HealthState> states)
    {
        lock (_gate)
        {
            foreach (var (target, state) in states)
            {
                _seeds[target] = state;
            }
        }
    }
}
