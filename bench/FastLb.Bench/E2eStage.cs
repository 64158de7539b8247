using FastLb.Interop.Abi;
using FastLb.Reconciler;

namespace FastLb.Bench;

/// <summary>
/// How a row proves its balancer's path: the path's name and the balancer's own counts so far, the
/// frames counted on the path and all the frames it saw.
/// </summary>
public sealed record E2ePath(string Name, Func<(ulong Hits, ulong Seen)> Counts)
{
    /// <summary>fastlb's: frames counted under <paramref name="reason"/>, of all its reasons.</summary>
    public static E2ePath Of(DataPlane plane, Reason reason) => new(reason.ToString(), () =>
    {
        var reasons = BenchPlane.AllReasons(plane);
        return (reasons[(int)reason], reasons.Aggregate(0ul, (x, y) => x + y));
    });

    /// <summary>The reference balancer's: frames that had a real chosen, of those that reached its table step.</summary>
    public static E2ePath Of(ReferenceBalancer reference) => new(ReferenceBalancer.PathName, () =>
    {
        var c = reference.Counters();
        return (c.ToReal, c.Packets);
    });
}

/// <summary>
/// A balancer set up in the lab for one row: how to count what it delivered, where that count is
/// taken, how its own counters prove its path (balancers that count: fastlb, the reference), what
/// to tear down after, and how to take it off the balancer's veths and put it back with its state
/// (its tables) kept, so a ceiling can run in its place between two of its runs.
/// </summary>
public sealed class E2eStage(string countedAt, Func<ulong> received, IDisposable teardown, E2ePath? path = null,
    E2eStage.Swap? swap = null) : IDisposable
{
    /// <summary>Takes the balancer off its veths (Off) and puts it back (On).</summary>
    public sealed record Swap(Action Off, Action On);

    public string CountedAt { get; } = countedAt;

    public E2ePath? Path { get; } = path;

    /// <summary>Frames counted at the receiving end so far.</summary>
    public ulong Received() => received();

    /// <summary>Takes the balancer off its veths; its maps stay.</summary>
    public void Off() => (swap ?? throw new InvalidOperationException("this stage cannot step aside")).Off();

    /// <summary>Puts the balancer back on its veths.</summary>
    public void On() => (swap ?? throw new InvalidOperationException("this stage cannot step aside")).On();

    public void Dispose() => teardown.Dispose();
}
