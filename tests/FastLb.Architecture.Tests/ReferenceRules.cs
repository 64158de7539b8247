// Checks project files against the reference table; each violation names the project and the edge.
using System.Text.RegularExpressions;

namespace FastLb.Architecture.Tests;

public static partial class ReferenceRules
{
    public const string WirePath = "src/FastLb.Wire/FastLb.Wire.csproj";

    public static string SourcePath(string name) => $"src/{name}/{name}.csproj";

    public static readonly string TestingPath = $"tests/{ReferenceTable.Testing}/{ReferenceTable.Testing}.csproj";

    /// <summary>Every forbidden, unknown or dangling reference, one line each; empty when the graph is the architecture.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<ProjectFile> projects)
    {
        var known = projects.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var project in projects)
        {
            var allowed = Allowed(project, projects);
            if (allowed is null)
            {
                violations.Add($"{project.Path}: {project.Name} is not in the architecture table (tests/FastLb.Architecture.Tests/ReferenceTable.cs)");
                continue;
            }
            foreach (var target in project.References)
            {
                if (!known.Contains(target))
                {
                    violations.Add($"{project.Path}: {project.Name} -> {target}: not a project under src/, tests/ or bench/");
                }
                else if (!allowed.Contains(target))
                {
                    var may = allowed.Count == 0 ? "nothing" : string.Join(", ", allowed.Order(StringComparer.Ordinal).Select(ProjectFile.NameOf));
                    violations.Add($"{project.Path}: {project.Name} -> {target} is forbidden ({project.Name} may reference: {may})");
                }
            }
            if (project.Area is "src" or "bench")
            {
                foreach (var package in project.Packages.Where(p => ReferenceTable.TestOnlyPackages.Contains(p, StringComparer.OrdinalIgnoreCase)))
                {
                    violations.Add($"{project.Path}: {project.Name} -> package {package} is forbidden (test machinery does not ship)");
                }
            }
        }
        return violations;
    }

    /// <summary>The paths <paramref name="project"/> may reference, or null when the table does not know it.</summary>
    public static IReadOnlySet<string>? Allowed(ProjectFile project, IReadOnlyList<ProjectFile> all)
    {
        var name = project.Name;
        switch (project.Area)
        {
            case "src":
                return ReferenceTable.Source.ContainsKey(name) ? Paths(ReferenceTable.SourceMay(name)) : null;
            case "bench":
                var bench = Paths(ReferenceTable.Source.Keys);
                // The data-plane bench builds frames with the builder in FastLb.Testing until that
                // builder lives in FastLb.Wire; the day FastLb.Wire exists, this allowance ends.
                if (!all.Any(p => p.Path == WirePath))
                {
                    bench.Add(TestingPath);
                }
                return bench;
            case "tests":
                return AllowedForTests(name, all);
            default:
                return null;
        }
    }

    private static HashSet<string>? AllowedForTests(string name, IReadOnlyList<ProjectFile> all)
    {
        if (name == ReferenceTable.Testing)
        {
            return Paths(ReferenceTable.TestingMay);
        }
        if (name == ReferenceTable.ArchitectureTests)
        {
            return [];
        }
        if (name == ReferenceTable.BenchTests)
        {
            var paths = TestReach(ReferenceTable.Source.Keys);
            paths.UnionWith(all.Where(p => p.Area == "bench").Select(p => p.Path));
            return paths;
        }
        var subject = ReferenceTable.TestSubjects.TryGetValue(name, out var s) ? s
            : TestsOf().Match(name) is { Success: true } m ? m.Groups[1].Value
            : null;
        if (subject is null || !ReferenceTable.Source.ContainsKey(subject))
        {
            return null;
        }
        return TestReach([subject, .. ReferenceTable.SourceMay(subject)]);
    }

    // A test project reaches its subject, what the subject may use, and the shared helpers with their reach.
    private static HashSet<string> TestReach(IEnumerable<string> sources)
    {
        var paths = Paths(sources.Concat(ReferenceTable.TestingMay));
        paths.Add(TestingPath);
        return paths;
    }

    private static HashSet<string> Paths(IEnumerable<string> sourceNames) =>
        sourceNames.Select(SourcePath).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^(FastLb\.[A-Za-z]+)\.Tests$")]
    private static partial Regex TestsOf();
}
