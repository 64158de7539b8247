// The lowercase names of check types, as in the config file and the metric labels.
using FastLb.Model;

namespace FastLb.Health;

public static class CheckTypeNames
{
    public static string Of(CheckType type) => type switch
    {
        CheckType.Icmp => "icmp",
        CheckType.Tcp => "tcp",
        CheckType.TcpHalfOpen => "tcp-half-open",
        CheckType.Http => "http",
        CheckType.Https => "https",
        CheckType.HttpContent => "http-content",
        CheckType.Udp => "udp",
        CheckType.Dns => "dns",
        _ => type.ToString().ToLowerInvariant(),
    };
}
