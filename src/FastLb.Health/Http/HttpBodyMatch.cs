// The content rule of a check: the body must contain a string and/or match a regular expression.
using System.Text;
using System.Text.RegularExpressions;

namespace FastLb.Health.Http;

internal static class HttpBodyMatch
{
    /// <summary>The string is looked for as UTF-8 bytes (no decoding); only a regex needs the body as text.</summary>
    public static bool Matches(PreparedHttpTarget target, ReadOnlySpan<byte> body)
    {
        if (target.ContainsUtf8 is { } needle && body.IndexOf(needle) < 0)
        {
            return false;
        }
        return target.Check.Regex is not { } regex
            || Regex.IsMatch(Encoding.UTF8.GetString(body), regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
