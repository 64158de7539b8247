// Command-line settings of `haproxy-compare`: FastLb's checker and HAProxy on the same nginx targets.
using static FastLb.Bench.Health.BenchArgs;

namespace FastLb.Bench.Health.Compare;

public sealed record CompareOptions
{
    public IReadOnlyList<int> Targets { get; init; } = [1_000, 10_000];

    public IReadOnlyList<string> Kinds { get; init; } = ["http", "tcp", "tcp-half-open"];

    /// <summary>Measured window of each phase.</summary>
    public int Seconds { get; init; } = 20;

    /// <summary>Unmeasured start of each phase: the first round of checks and the JIT.</summary>
    public int WarmupSeconds { get; init; } = 3;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First port of the nginx listeners; targets are 127.0.1.x × 1,000 ports from here.</summary>
    public int PortBase { get; init; } = 20_000;

    public int PortsPerAddress { get; init; } = 1_000;

    /// <summary>Skip the HAProxy phases (FastLb alone).</summary>
    public bool FastLbOnly { get; init; }

    public bool Smoke { get; init; }

    public string? Out { get; init; }

    public string? Json { get; init; }

    public static CompareOptions Parse(IReadOnlyList<string> args)
    {
        var o = new CompareOptions();
        for (var i = 0; i < args.Count; i++)
        {
            o = args[i] switch
            {
                "--smoke" => o with { Smoke = true, Targets = [20], Seconds = 2, WarmupSeconds = 2 },
                "--targets" => o with { Targets = [.. Value(args, ref i).Split(',').Select(t => Int(t, "--targets", 1, 20_000))] },
                "--kinds" => o with { Kinds = ParseKinds(Value(args, ref i)) },
                "--seconds" => o with { Seconds = Int(Value(args, ref i), "--seconds", 1, 600) },
                "--warmup" => o with { WarmupSeconds = Int(Value(args, ref i), "--warmup", 1, 60) },
                "--port-base" => o with { PortBase = Int(Value(args, ref i), "--port-base", 1024, 60_000) },
                "--fastlb-only" => o with { FastLbOnly = true },
                "--out" => o with { Out = Value(args, ref i) },
                "--json" => o with { Json = Value(args, ref i) },
                _ => throw new ArgumentException($"unknown argument '{args[i]}' (known: --targets N[,N...], --kinds http,tcp,tcp-half-open, --seconds N, --warmup N, --port-base N, --fastlb-only, --smoke, --out FILE, --json FILE)"),
            };
        }
        return o;
    }

    private static string[] ParseKinds(string text)
    {
        var kinds = text.Split(',');
        foreach (var k in kinds)
        {
            if (k is not ("http" or "tcp" or "tcp-half-open"))
            {
                throw new ArgumentException($"--kinds takes http, tcp and/or tcp-half-open, not '{k}'");
            }
        }
        return kinds;
    }
}
