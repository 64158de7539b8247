// dns: a real query over UDP; up on rcode 0 with at least one answer.
namespace FastLb.Health.Probes;

public sealed class DnsProbe : IHealthProbe
{
    public async Task<ProbeResult> ProbeAsync(CheckTarget target, CancellationToken ct)
    {
        var name = target.Check.DnsName ?? throw new ArgumentException($"dns check on {target} has no DnsName", nameof(target));
        var id = (ushort)Random.Shared.Next(0x10000);
        var query = DnsMessage.Query(id, name, DnsMessage.TypeCode(target.Check.DnsType));
        return await DatagramExchange.RunAsync(target, query, 4096, (ReadOnlySpan<byte> reply, out string? failure) =>
        {
            failure = null;
            if (!DnsMessage.TryReadHeader(reply, out var header) || header.Id != id)
            {
                return false;
            }
            failure = header.Rcode != 0 ? ProbeReasons.DnsRcode(header.Rcode) : header.AnswerCount > 0 ? null : ProbeReasons.DnsNoAnswer;
            return true;
        }, ct).ConfigureAwait(false);
    }
}
