using System.CommandLine;
using System.Globalization;

namespace FastLb.Host;

/// <summary>`fastlb weight SERVICE REAL WEIGHT|config`: serve a real with another weight until a restart, or back to the configured one.</summary>
public static class WeightCommand
{
    public static Command Create()
    {
        var (service, real) = RealArguments.Create();
        var weight = new Argument<string>("WEIGHT") { Description = $"0..{Model.RealConfig.MaxWeight}, or 'config' for the configured weight." };
        weight.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (text != "config" && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w <= Model.RealConfig.MaxWeight))
            {
                result.AddError($"weight '{text}' is not 0..{Model.RealConfig.MaxWeight} or 'config'");
            }
        });
        return AdminCli.Create("weight", "Set a real's weight at run time (needs the admin token: root).",
            r =>
            {
                var w = r.GetRequiredValue(weight);
                return (HttpMethod.Post, RealArguments.Path(r, service, real, "weight"), w == "config" ? "{\"weight\":null}" : $"{{\"weight\":{w}}}");
            },
            AdminCli.PrintOutcome, service, real, weight);
    }
}
