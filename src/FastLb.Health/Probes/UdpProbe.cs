// udp: send a datagram, expect a reply (starting with the configured bytes when set).
namespace FastLb.Health.Probes;

public sealed class UdpProbe : IHealthProbe
{
    public Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var expect = target.Check.Expect;
        return DatagramExchange.RunAsync(target, target.Check.Send ?? [], 65535, (ReadOnlySpan<byte> reply, out string? failure) =>
        {
            failure = expect is not null && !reply.StartsWith(expect) ? ProbeReasons.ReplyMismatch : null;
            return true;
        }, ct);
    }
}
