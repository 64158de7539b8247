// One target the scheduler probes: its state machine, the reals it decides, and when its next check is due.
namespace FastLb.Health;

internal sealed class ScheduledTarget(HealthScheduler scheduler, CheckTarget target, HealthStateMachine machine) : IProbeCompletion
{
    public CheckTarget Target { get; } = target;

    public HealthStateMachine Machine { get; } = machine;

    public IReadOnlyList<ServiceReal> Reals { get; set; } = [];

    public DateTimeOffset DueAt { get; set; }

    public bool Removed { get; set; }

    public string LastReason { get; set; } = "";

    public void Completed(bool healthy, string reason, TimeSpan duration) => scheduler.Completed(this, healthy, reason, duration);
}
