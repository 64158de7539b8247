using FastLb.Model;

namespace FastLb.Host;

/// <summary>What `fastlb demo` was asked for: how many requests, whether to stay up, which forwarding mode.</summary>
public sealed record DemoOptions(int Requests = DemoOptions.DefaultRequests, bool Once = false, ForwardingMode Mode = ForwardingMode.DsrL2)
{
    public const int DefaultRequests = 300;
}
