// `timeouts:` idle timeouts of the connection table by flow state: past its state's timeout a flow is treated as new.
namespace FastLb.Model;

public sealed record FlowTimeouts(TimeSpan Syn, TimeSpan Established, TimeSpan Fin, TimeSpan Udp)
{
    /// <summary>10 s for a flow that has sent only SYNs, 900 s established, 30 s after FIN/RST, 60 s UDP.</summary>
    public static FlowTimeouts Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
}
