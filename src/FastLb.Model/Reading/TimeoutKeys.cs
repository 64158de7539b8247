// The keys of `timeouts:`, the connection table's idle timeouts by flow state.
namespace FastLb.Model.Reading;

internal static class TimeoutKeys
{
    public static readonly KeyRow[] All =
    [
        new("syn", KeyType.Duration, FlowTimeouts.Default.Syn),
        new("established", KeyType.Duration, FlowTimeouts.Default.Established),
        new("fin", KeyType.Duration, FlowTimeouts.Default.Fin),
        new("udp", KeyType.Duration, FlowTimeouts.Default.Udp),
    ];
}
