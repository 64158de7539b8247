// Rules for single values: names the kernel accepts, canonical addresses, MACs, DNS names, port ranges.
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace FastLb.Model.Reading;

internal static class ValueRules
{
    /// <summary>IFNAMSIZ - 1: the longest interface name, in bytes.</summary>
    public const int MaxInterfaceBytes = 15;

    /// <summary>NAME_MAX: the longest file name under /run/netns, in bytes.</summary>
    public const int MaxNamespaceBytes = 255;

    /// <summary>The longest interval or timeout accepted.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>The kernel's dev_valid_name rules; null when <paramref name="name"/> is valid.</summary>
    public static string? InterfaceName(string name)
    {
        if (name.Length > MaxInterfaceBytes)
        {
            return $"interface name '{name}' is longer than {MaxInterfaceBytes} characters";
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxInterfaceBytes)
        {
            return $"interface name '{name}' is longer than {MaxInterfaceBytes} bytes in UTF-8";
        }

        return name is "." or ".." || name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)) || ControlText.HasControl(name)
            ? $"invalid interface name '{name}'"
            : null;
    }

    /// <summary>The longest instance name: it names a bpffs directory and a unix socket file.</summary>
    public const int MaxInstanceChars = 64;

    /// <summary>An instance names /sys/fs/bpf/fastlb/NAME and /run/fastlb/NAME.sock, so it is one safe path segment.</summary>
    public static string? InstanceName(string name)
    {
        if (name.Length is 0 or > MaxInstanceChars)
        {
            return $"instance name '{name[..Math.Min(name.Length, 32)]}' must be 1 to {MaxInstanceChars} characters";
        }

        return name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"invalid instance name '{ControlText.Escape(name)}' (letters, digits, '-', '_' and '.' only)"
            : null;
    }

    public static string? NamespaceName(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) > MaxNamespaceBytes)
        {
            return $"network namespace name '{name[..Math.Min(name.Length, 32)]}...' is longer than {MaxNamespaceBytes} bytes";
        }

        return name is "." or ".." || name.Contains('/') || name.Any(char.IsWhiteSpace) || ControlText.HasControl(name)
            ? $"invalid network namespace name '{name}'"
            : null;
    }

    /// <summary>
    /// IPv4 only in its canonical dotted-decimal form (IPAddress.Parse also takes "1", "1.2",
    /// hex and octal "010"), IPv6 without zone or brackets.
    /// </summary>
    public static IPAddress? ParseAddress(string text, out string? hint)
    {
        hint = null;
        if (text.Contains(':'))
        {
            return !text.Contains('%') && !text.Contains('[') && IPAddress.TryParse(text, out var v6)
                && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        string[] parts = text.Split('.');
        if (parts.Length != 4 || !parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        if (parts.Any(p => p.Length > 1 && p[0] == '0'))
        {
            hint = " (write each octet in decimal without leading zeros)";
            return null;
        }

        return IPAddress.TryParse(text, out var v4) && v4.ToString() == text ? v4 : null;
    }

    /// <summary>What makes an address unusable as a unicast destination or source, or null.</summary>
    public static string? NotUnicast(IPAddress address, bool refuseLoopback)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return "the unspecified address";
        }

        if (address.Equals(IPAddress.Broadcast))
        {
            return "the broadcast address";
        }

        if (address.IsIPv6Multicast || (address.AddressFamily == AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xf0) == 0xe0))
        {
            return "a multicast address";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return "an IPv4-mapped IPv6 address (write it as IPv4)";
        }

        return refuseLoopback && IPAddress.IsLoopback(address) ? "a loopback address" : null;
    }

    /// <summary>Six bytes, any notation PhysicalAddress accepts (02:00:00:00:00:11, 02-00-..., 0200.0000.0011).</summary>
    public static PhysicalAddress? ParseMac(string text) =>
        PhysicalAddress.TryParse(text, out var mac) && mac.GetAddressBytes().Length == 6 ? mac : null;

    /// <summary>What the DNS probe can encode: ASCII labels of 1..63 bytes, at most 253 bytes in all.</summary>
    public static string? DnsName(string name)
    {
        string trimmed = name.EndsWith('.') && name.Length > 1 ? name[..^1] : name;
        if (!trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"invalid DNS name '{name}' for 'query' (ASCII letters, digits, '-', '_' and dots; write international names in their xn-- form)";
        }

        if (trimmed.Length > 253)
        {
            return $"DNS name for 'query' is longer than 253 bytes ({trimmed.Length})";
        }

        var labels = trimmed.Split('.');
        if (labels.Any(l => l.Length == 0))
        {
            return $"invalid DNS name '{name}' for 'query': empty label";
        }

        string? longLabel = labels.FirstOrDefault(l => l.Length > 63);
        return longLabel is null ? null : $"invalid DNS name for 'query': label '{longLabel[..20]}...' is longer than 63 bytes";
    }

    /// <summary>"FIRST-LAST", 1 &lt;= FIRST &lt;= LAST &lt;= 65535.</summary>
    public static PortRange? ParsePortRange(string text)
    {
        string[] parts = text.Split('-');
        if (parts.Length != 2
            || !ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ushort first)
            || !ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort last)
            || first == 0 || first > last)
        {
            return null;
        }

        return new PortRange(first, last);
    }
}
