// The TCP header fields the half-open probe matches on.
namespace FastLb.Health.Probes;

public readonly record struct TcpHeader(ushort SourcePort, ushort DestinationPort, uint Seq, uint Ack, byte Flags)
{
    public bool Has(byte flags) => (Flags & flags) == flags;
}
