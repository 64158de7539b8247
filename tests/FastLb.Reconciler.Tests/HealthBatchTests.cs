// Transitions queued together are taken together, and name exactly the services to re-plan.
using System.Net;
using System.Threading.Channels;
using FastLb.Health;

namespace FastLb.Reconciler.Tests;

public sealed class HealthBatchTests
{
    private static HealthTransition Transition(int octet, HealthState state, params string[] services) =>
        new(CheckTarget.ForReal(IPAddress.Parse($"192.0.2.{octet}"), 80, new HealthCheckConfig()),
            [.. services.Select(s => new ServiceReal(s, $"r{octet}"))], state, "probe", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Drain_QueuedTogether_OneBatchNamingEveryTheirService()
    {
        var channel = Channel.CreateUnbounded<HealthTransition>();
        channel.Writer.TryWrite(Transition(11, HealthState.Down, "web", "api"));
        channel.Writer.TryWrite(Transition(12, HealthState.Down, "web"));
        channel.Writer.TryWrite(Transition(13, HealthState.Up, "dns"));

        var batch = HealthBatch.Drain(channel.Reader);

        Assert.Equal(3, batch.Transitions.Count);
        Assert.Equal(["api", "dns", "web"], batch.Services.Order());
        Assert.Empty(HealthBatch.Drain(channel.Reader).Transitions); // nothing left behind
    }

    [Fact]
    public void Drain_EmptyQueue_EmptyBatchNoService()
    {
        var batch = HealthBatch.Drain(Channel.CreateUnbounded<HealthTransition>().Reader);
        Assert.Empty(batch.Transitions);
        Assert.Empty(batch.Services);
    }
}
