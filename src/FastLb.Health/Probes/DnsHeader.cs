// The parts of a DNS reply header a health check looks at.
namespace FastLb.Health.Probes;

public readonly record struct DnsHeader(ushort Id, bool IsResponse, int Rcode, ushort AnswerCount);
