// Where a key applies (which forwarding modes, which check types), and what the error says elsewhere.
namespace FastLb.Model.Reading;

/// <summary>
/// Applies decides from the section's discriminator (a service's mode, a check's type) whether
/// the key may be written; Message(discriminator) completes "'key' ..." when it may not.
/// </summary>
internal sealed record KeyScope(Func<object, bool> Applies, Func<object, string> Message)
{
    public static KeyScope CheckTypes(string message, params CheckType[] types) =>
        new(d => d is CheckType t && types.Contains(t), _ => message);

    public static KeyScope NotCheckTypes(string message, params CheckType[] types) =>
        new(d => d is CheckType t && !types.Contains(t), _ => message);

    public static KeyScope Modes(params ForwardingMode[] modes) =>
        new(d => d is ForwardingMode m && modes.Contains(m),
            d => $"applies only in mode {string.Join(" or ", modes.Select(ConfigNames<ForwardingMode>.Of))}, not in {ConfigNames<ForwardingMode>.Of((ForwardingMode)d)} (remove it, or change 'mode')");
}
