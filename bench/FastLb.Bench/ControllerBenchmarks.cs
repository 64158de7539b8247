// Runs the controller's BenchmarkDotNet classes in process and writes each report, with the load average, into a folder.
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FastLb.Bench;

public static class ControllerBenchmarks
{
    public static readonly IReadOnlyDictionary<string, Type> ByName = new Dictionary<string, Type>
    {
        ["maglev"] = typeof(MaglevBuildBenchmarks),
        ["planner"] = typeof(PlannerBenchmarks),
        ["scheduler"] = typeof(SchedulerTickBenchmarks),
        ["reconcile"] = typeof(ReconcileBenchmarks),
        ["reconcile-maps"] = typeof(ReconcileMapsBenchmarks),
    };

    /// <summary>
    /// In process (no generated project to build on a busy machine), BenchmarkDotNet's short run
    /// (3 warm-ups, 3 measured iterations). With <paramref name="outDir"/>, each class's GitHub
    /// markdown and full JSON report go there as controller-NAME.md / .json, the markdown headed
    /// by the command and the load average before and after.
    /// </summary>
    /// <param name="rows">Comma-separated prefixes of the benchmark methods to run; null runs all.</param>
    public static int Run(IReadOnlyList<string> names, string? outDir, string command, string? rows = null)
    {
        var artifacts = Directory.CreateTempSubdirectory("fastlb-bdn-").FullName;
        var prefixes = rows?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var config = ManualConfig.CreateEmpty()
            .AddFilter(new BenchmarkDotNet.Filters.NameFilter(method => prefixes is null || prefixes.Any(p => method.StartsWith(p, StringComparison.Ordinal))))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub, JsonExporter.Full)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(artifacts);
        foreach (var name in names)
        {
            var load0 = Load();
            var when = DateTimeOffset.UtcNow;
            var summary = BenchmarkRunner.Run(ByName[name], config);
            var load1 = Load();
            if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
            {
                Console.Error.WriteLine($"{name}: a benchmark failed; see {artifacts}");
                return 1;
            }
            if (outDir is not null)
            {
                Directory.CreateDirectory(outDir);
                Write(summary, ByName[name], name, outDir, command, when, load0, load1);
            }
        }
        return 0;
    }

    private static void Write(Summary summary, Type type, string name, string outDir, string command, DateTimeOffset when, string load0, string load1)
    {
        var md = Path.Combine(summary.ResultsDirectoryPath, $"{type.FullName}-report-github.md");
        var json = Path.Combine(summary.ResultsDirectoryPath, $"{type.FullName}-report-full.json");
        var header = string.Create(CultureInfo.InvariantCulture, $"""
            # Controller benchmark: {name}

            - date: {when:yyyy-MM-dd HH:mm} UTC; load average (1, 5, 15 min) before: {load0}; after: {load1}
            - command (repo root): `{command}`
            - BenchmarkDotNet ShortRun, in process; the machine is shared (see the load average)


            """);
        File.WriteAllText(Path.Combine(outDir, $"controller-{name}.md"), header + File.ReadAllText(md));
        File.Copy(json, Path.Combine(outDir, $"controller-{name}.json"), overwrite: true);
    }

    private static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
