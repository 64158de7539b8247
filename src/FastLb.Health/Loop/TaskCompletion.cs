// Turns a check loop verdict into the Task an IHealthProbe caller awaits.
namespace FastLb.Health.Loop;

internal sealed class TaskCompletion : IProbeCompletion
{
    private readonly TaskCompletionSource<ProbeResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ProbeResult> Task => _result.Task;

    public void Completed(bool healthy, string reason, TimeSpan duration) =>
        _result.TrySetResult(new ProbeResult(healthy, reason, duration));
}
