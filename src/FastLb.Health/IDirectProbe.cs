// A probe the scheduler can start on the check loop directly, skipping the task-based ProbeRunner.
namespace FastLb.Health;

internal interface IDirectProbe
{
    /// <summary>
    /// Starts one check of <paramref name="target"/> with the check's timeout, reported later to
    /// <paramref name="done"/> (never from inside this call); false when this target needs the task path.
    /// </summary>
    bool TryStart(CheckTarget target, IProbeCompletion done);
}
