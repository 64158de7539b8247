// Parses one `encap-source` value: ADDRESS or ADDRESS/PREFIX of the family its key names.
using System.Globalization;
using System.Net.Sockets;

namespace FastLb.Model.Reading;

internal static class EncapSourceRules
{
    public static (object? Value, string? Error) Parse(string key, string text)
    {
        bool v6 = key == "v6";
        int width = v6 ? 128 : 32, min = v6 ? EncapSource.MinPrefix6 : EncapSource.MinPrefix4;
        string family = v6 ? "IPv6" : "IPv4";
        string example = v6 ? "2001:db8::10 or 2001:db8::/120" : "192.0.2.10 or 192.0.2.16/28";
        string[] parts = text.Split('/');
        var address = parts.Length <= 2 ? ValueRules.ParseAddress(parts[0], out _) : null;
        int prefix = width;
        if (address is null || (parts.Length == 2
            && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > width)))
        {
            return (null, $"invalid 'encap-source' {key} '{text}' (expected an {family} ADDRESS or ADDRESS/PREFIX, e.g. {example})");
        }

        if ((address.AddressFamily == AddressFamily.InterNetworkV6) != v6)
        {
            return (null, $"'encap-source' {key} {text} is not an {family} address (write it under {(v6 ? "v4" : "v6")}, or give an {family} address of FastLb's)");
        }

        if (prefix < min)
        {
            return (null, $"'encap-source' {key} prefix /{prefix} varies more than {width - min} bits (use /{min} or longer)");
        }

        if (ValueRules.NotUnicast(address, refuseLoopback: true) is { } what)
        {
            return (null, $"'encap-source' {key} {text} is {what}; the outer source must be a unicast address of FastLb's");
        }

        return (new EncapSource(address, prefix), null);
    }
}
