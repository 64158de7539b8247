// Command-line settings of the health scheduler benchmark.
using FastLb.Model;
using static FastLb.Bench.Health.BenchArgs;

namespace FastLb.Bench.Health;

public sealed record BenchOptions
{
    public int Targets { get; init; } = 10_000;

    /// <summary>The check every target gets: tcp (connect, beside the plain loops) or tcp-half-open (the scheduler alone).</summary>
    public CheckType Type { get; init; } = CheckType.Tcp;

    /// <summary>Measured window of each run.</summary>
    public int Seconds { get; init; } = 10;

    /// <summary>Unmeasured start of each run, so the first burst of checks is not counted.</summary>
    public int WarmupSeconds { get; init; } = 2;

    public int Listeners { get; init; } = 50;

    public int Concurrency { get; init; } = 256;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(100);

    public bool Smoke { get; init; }

    /// <summary>Markdown report written here as well as to stdout; null means stdout only.</summary>
    public string? Out { get; init; }

    /// <summary>Checks per second the scheduler is asked for: each target once per interval plus mean jitter.</summary>
    public double WantedRate => Targets / (Interval + (Jitter / 2)).TotalSeconds;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--smoke" => options with { Smoke = true, Targets = 200, Seconds = 2, WarmupSeconds = 1 },
                "--targets" => options with { Targets = PositiveInt(args, ref i, 1_000_000) },
                "--seconds" => options with { Seconds = PositiveInt(args, ref i, 600) },
                "--warmup" => options with { WarmupSeconds = PositiveInt(args, ref i, 60) },
                "--concurrency" => options with { Concurrency = PositiveInt(args, ref i, 65_536) },
                "--out" => options with { Out = Value(args, ref i) },
                "--type" => options with { Type = CheckTypeOf(Value(args, ref i)) },
                _ => throw new ArgumentException($"unknown argument '{args[i]}' (known: --targets N, --seconds N, --warmup N, --concurrency N, --type tcp|tcp-half-open, --smoke, --out FILE)"),
            };
        }
        return options with { Listeners = Math.Min(options.Listeners, options.Targets) };
    }

    private static CheckType CheckTypeOf(string text) =>
        ConfigNames<CheckType>.TryParse(text, out var type) && type is CheckType.Tcp or CheckType.TcpHalfOpen
            ? type
            : throw new ArgumentException($"--type must be tcp or tcp-half-open, not '{text}'");

    private static int PositiveInt(string[] args, ref int i, int max)
    {
        var name = args[i];
        return Int(Value(args, ref i), name, 1, max);
    }
}
