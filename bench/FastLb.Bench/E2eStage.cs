using FastLb.Interop.Abi;
using FastLb.Reconciler;

namespace FastLb.Bench;

/// <summary>
/// A balancer set up in the lab for one row: how to count what it delivered, where that count is
/// taken, the fastlb data plane and the reason its frames must be counted under (fastlb rows),
/// and what to tear down after.
/// </summary>
public sealed class E2eStage(string countedAt, Func<ulong> received, IDisposable teardown, DataPlane? plane = null, Reason path = Reason.TxForward) : IDisposable
{
    public string CountedAt { get; } = countedAt;

    public DataPlane? Plane { get; } = plane;

    public Reason Path { get; } = path;

    /// <summary>Frames counted at the receiving end so far.</summary>
    public ulong Received() => received();

    public void Dispose() => teardown.Dispose();
}
