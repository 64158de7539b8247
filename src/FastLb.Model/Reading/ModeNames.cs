// The configuration's names of the forwarding modes.
namespace FastLb.Model.Reading;

internal static class ModeNames
{
    public static readonly (string Name, object Value)[] Choices =
    [
        ("dsr-l2", ForwardingMode.DsrL2), ("routed", ForwardingMode.Routed), ("transparent", ForwardingMode.Transparent),
        ("dsr-ipip", ForwardingMode.DsrIpip), ("dsr-gue", ForwardingMode.DsrGue),
    ];

    public static string Of(ForwardingMode mode) => Choices.First(c => (ForwardingMode)c.Value == mode).Name;
}
