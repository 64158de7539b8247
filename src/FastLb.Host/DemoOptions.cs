using FastLb.Model;

namespace FastLb.Host;

/// <summary>What `fastlb demo` was asked for: how many requests, whether to stay up, which forwarding mode.</summary>
public sealed record DemoOptions(int Requests = DemoOptions.DefaultRequests, bool Once = false, ForwardingMode Mode = ForwardingMode.DsrL2)
{
    public const int DefaultRequests = 300;

    /// <summary>The modes by the names the config file uses.</summary>
    public static readonly IReadOnlyList<(string Name, ForwardingMode Mode)> Modes =
    [
        ("dsr-l2", ForwardingMode.DsrL2),
        ("routed", ForwardingMode.Routed),
        ("transparent", ForwardingMode.Transparent),
        ("dsr-ipip", ForwardingMode.DsrIpip),
        ("dsr-gue", ForwardingMode.DsrGue),
    ];

    public static string NameOf(ForwardingMode mode) => Modes.First(m => m.Mode == mode).Name;
}
