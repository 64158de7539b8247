// Where a probe run by the check loop reports its verdict, without a Task or a result object per check.
namespace FastLb.Health;

internal interface IProbeCompletion
{
    /// <summary>Called once per started check, on the check loop's thread: keep it short.</summary>
    void Completed(bool healthy, string reason, TimeSpan duration);
}
