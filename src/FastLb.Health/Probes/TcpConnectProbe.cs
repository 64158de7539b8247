// tcp: a full connect to the check port, then close; run on the check loop.
using FastLb.Health.Loop;

namespace FastLb.Health.Probes;

public sealed class TcpConnectProbe : IHealthProbe, IDirectProbe
{
    public Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct) => CheckLoop.Shared.RunAsync(target);

    bool IDirectProbe.TryStart(CheckTarget target, IProbeCompletion done)
    {
        CheckLoop.Shared.Start(LoopTarget.For(target), done);
        return true;
    }
}
