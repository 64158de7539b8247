// Rise/fall counting for one target: consecutive successes bring it up, consecutive failures take it down.
using FastLb.Model;

namespace FastLb.Health;

/// <summary>
/// Starts in the configured initial state. A down target goes up after <c>rise</c>
/// consecutive successes; an up target goes down after <c>fall</c> consecutive failures.
/// A result that agrees with the current state resets the opposite run.
/// </summary>
public sealed class HealthStateMachine
{
    public HealthStateMachine(int rise, int fall, HealthState initial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rise, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fall, 1);
        Rise = rise;
        Fall = fall;
        State = initial;
    }

    public int Rise { get; }

    public int Fall { get; }

    public HealthState State { get; private set; }

    /// <summary>Consecutive results against the current state (successes while down, failures while up).</summary>
    public int Streak { get; private set; }

    /// <summary>Counts one result; true when it changed <see cref="State"/>.</summary>
    public bool Record(bool healthy)
    {
        var agrees = healthy == (State == HealthState.Up);
        if (agrees)
        {
            Streak = 0;
            return false;
        }
        Streak++;
        if (Streak < (State == HealthState.Up ? Fall : Rise))
        {
            return false;
        }
        State = healthy ? HealthState.Up : HealthState.Down;
        Streak = 0;
        return true;
    }
}
