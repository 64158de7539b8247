// The one HTTP/1.1 request of a check, encoded once per target.
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using FastLb.Model;

namespace FastLb.Health.Http;

internal static class HttpRequestBytes
{
    /// <summary>
    /// "METHOD path HTTP/1.1", Host (the check's, else address and non-default port), the check's
    /// headers, and Connection: close unless the connection is kept for the next check. A header the
    /// check sets that the request owns (Host, Connection) replaces the default rather than repeating it.
    /// </summary>
    public static byte[] Build(CheckTarget target)
    {
        var check = target.Check;
        var path = check.Path.StartsWith('/') ? check.Path : "/" + check.Path;
        var sb = new StringBuilder(128);
        sb.Append(Token(check.Method, "method")).Append(' ').Append(Text(path, "path")).Append(" HTTP/1.1\r\n");
        var host = check.Host;
        foreach (var (name, value) in check.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                host = value;
            }
        }
        sb.Append("Host: ").Append(Text(host ?? DefaultHost(target), "host")).Append("\r\n");
        foreach (var (name, value) in check.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            sb.Append(Token(name, "header name")).Append(": ").Append(Text(value, $"header {name}")).Append("\r\n");
        }
        sb.Append(KeepsConnection(check) ? "\r\n" : "Connection: close\r\n\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Whether checks of <paramref name="check"/> keep their connection open for the next (never over TLS).</summary>
    public static bool KeepsConnection(HealthCheckConfig check) => check.ReuseConnection && check.Type != CheckType.Https;

    private static string DefaultHost(CheckTarget target)
    {
        var address = target.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]" : target.Address.ToString();
        var defaultPort = target.Check.Type == CheckType.Https ? 443 : 80;
        return target.Port == defaultPort ? address : address + ":" + target.Port.ToString(CultureInfo.InvariantCulture);
    }

    // A request line or header broken by a control character would be a different request: refuse it.
    private static string Text(string value, string what) =>
        HasControl(value)
            ? throw new ArgumentException($"the check's {what} contains a control character")
            : value;

    private static string Token(string value, string what) =>
        value.Length == 0 || value.AsSpan().IndexOfAny(" \t\r\n:") >= 0 || HasControl(value)
            ? throw new ArgumentException($"the check's {what} '{value}' is not an HTTP token")
            : value;

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\x7f')
            {
                return true;
            }
        }
        return false;
    }
}
