using System.Globalization;

namespace FastLb.Host;

/// <summary>The options every command understands; unknown ones are an error.</summary>
public sealed record CliOptions(string? ConfigPath, int Requests, bool Once, string? Error)
{
    /// <summary>`--mode`: which lab `fastlb demo` builds (dsr-l2, routed, transparent).</summary>
    public string Mode { get; init; } = DemoLab.Modes[0];

    public static CliOptions Parse(ReadOnlySpan<string> args)
    {
        string? config = null;
        var requests = 300;
        var once = false;
        var mode = DemoLab.Modes[0];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config" or "-c" when i + 1 < args.Length:
                    config = args[++i];
                    break;
                case "--requests" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out requests) || requests < 1)
                    {
                        return new CliOptions(config, requests, once, $"--requests needs a positive number, not '{args[i]}'");
                    }
                    break;
                case "--once":
                    once = true;
                    break;
                case "--mode" when i + 1 < args.Length:
                    mode = args[++i];
                    if (!DemoLab.Modes.Contains(mode))
                    {
                        return new CliOptions(config, requests, once, $"--mode must be one of {string.Join(", ", DemoLab.Modes)}, not '{mode}'");
                    }
                    break;
                default:
                    return new CliOptions(config, requests, once, $"unknown or incomplete option '{args[i]}'");
            }
        }
        return new CliOptions(config, requests, once, null) { Mode = mode };
    }
}
