using System.CommandLine;

namespace FastLb.Host;

/// <summary>The SERVICE REAL arguments of the commands that act on one real.</summary>
public static class RealArguments
{
    public static (Argument<string> Service, Argument<string> Real) Create() =>
        (new Argument<string>("SERVICE") { Description = "The service's name." }, new Argument<string>("REAL") { Description = "The real's name in that service." });

    public static string Path(ParseResult r, Argument<string> service, Argument<string> real, string action) =>
        $"/v1/services/{Uri.EscapeDataString(r.GetRequiredValue(service))}/reals/{Uri.EscapeDataString(r.GetRequiredValue(real))}/{action}";
}
