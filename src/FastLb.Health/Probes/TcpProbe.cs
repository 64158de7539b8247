// tcp (a full connect, then close) and tcp-half-open (SYN, SYN-ACK, RST on raw sockets): both run on the check loop.
using FastLb.Health.Loop;

namespace FastLb.Health.Probes;

/// <summary>The check loop runs both: see <see cref="LoopConnection"/> and <see cref="HalfOpenChecks"/>.</summary>
public sealed class TcpProbe : IHealthProbe, IDirectProbe
{
    public Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct) => CheckLoop.Shared.RunAsync(target);

    bool IDirectProbe.TryStart(CheckTarget target, IProbeCompletion done)
    {
        CheckLoop.Shared.Start(LoopTarget.For(target), done);
        return true;
    }
}
