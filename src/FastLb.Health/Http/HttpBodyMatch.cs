// The content rule of a check: the body must contain a string and/or match a regular expression.
using System.Text.RegularExpressions;
using FastLb.Model;

namespace FastLb.Health.Http;

internal static class HttpBodyMatch
{
    public static bool Matches(HealthCheckConfig check, string body)
    {
        if (check.Contains is not null && !body.Contains(check.Contains, StringComparison.Ordinal))
        {
            return false;
        }
        return check.Regex is null || Regex.IsMatch(body, check.Regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
