// The architecture as data: which project may reference which. A project missing here is an error.
namespace FastLb.Architecture.Tests;

public static class ReferenceTable
{
    public const string Testing = "FastLb.Testing";

    /// <summary>
    /// The src layers and what each may reference directly. FastLb.Wire (frames and checksums)
    /// stands here before it exists, so its first reference is already checked.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Source = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["FastLb.Interop"] = [],
        ["FastLb.Wire"] = [],
        ["FastLb.Scheduling"] = [],
        ["FastLb.Model"] = ["FastLb.Scheduling"],
        ["FastLb.Health"] = ["FastLb.Model", "FastLb.Interop", "FastLb.Wire"],
        ["FastLb.Lab"] = ["FastLb.Interop", "FastLb.Wire"],
        ["FastLb.Reconciler"] = ["FastLb.Model", "FastLb.Scheduling", "FastLb.Health", "FastLb.Interop"],
        // The binary: the controller and its demo lab (and, below, whatever those two bring).
        ["FastLb.Host"] = ["FastLb.Reconciler", "FastLb.Lab"],
    };

    /// <summary>What a src project may reference directly: its row; the binary also what its row brings.</summary>
    public static IReadOnlySet<string> SourceMay(string project) =>
        project == "FastLb.Host" ? Closure(project) : Source[project].ToHashSet(StringComparer.Ordinal);

    /// <summary>The shared test helpers: kernel access, frames, the lab toolkit; never a layer above.</summary>
    public static readonly string[] TestingMay = ["FastLb.Interop", "FastLb.Wire", "FastLb.Lab"];

    /// <summary>Test projects not named FastLb.X.Tests, and the src project whose reach they share.</summary>
    public static readonly IReadOnlyDictionary<string, string> TestSubjects = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Frames through the real XDP program, its maps filled by the reconciler's writer.
        ["FastLb.PacketTests"] = "FastLb.Reconciler",
        // The whole binary in a lab.
        ["FastLb.LabTests"] = "FastLb.Host",
    };

    /// <summary>Reads project files only; references nothing.</summary>
    public const string ArchitectureTests = "FastLb.Architecture.Tests";

    /// <summary>The one test project that may run bench code (smoke runs, never timings).</summary>
    public const string BenchTests = "FastLb.Bench.Tests";

    /// <summary>Packages that are test machinery: no src or bench project ships them.</summary>
    public static readonly string[] TestOnlyPackages =
        ["xunit", "xunit.runner.visualstudio", "Microsoft.NET.Test.Sdk", "Microsoft.Extensions.TimeProvider.Testing"];

    /// <summary>Every src project reachable from <paramref name="project"/> through the table.</summary>
    public static IReadOnlySet<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(Direct(project));
        while (stack.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var further in Direct(next))
                {
                    stack.Push(further);
                }
            }
        }
        return seen;
    }

    private static string[] Direct(string project) => Source.TryGetValue(project, out var row) ? row : [];
}
