using System.Threading.Channels;
using FastLb.Health;

namespace FastLb.Reconciler;

/// <summary>
/// Health transitions that are queued together, applied as one reconcile: a burst (start-up, a
/// switch port failing) reaches the data plane at once instead of one transition behind another.
/// </summary>
public sealed record HealthBatch(IReadOnlyList<HealthTransition> Transitions)
{
    /// <summary>The services whose reals the transitions name: the only ones to re-plan.</summary>
    public IReadOnlySet<string> Services { get; } =
        Transitions.SelectMany(t => t.Reals).Select(r => r.Service).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every transition queued now (none when the queue is empty).</summary>
    public static HealthBatch Drain(ChannelReader<HealthTransition> reader)
    {
        var batch = new List<HealthTransition>();
        while (reader.TryRead(out var t))
        {
            batch.Add(t);
        }
        return new HealthBatch(batch);
    }
}
