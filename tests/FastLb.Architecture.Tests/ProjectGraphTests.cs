// The repository's project files against the architecture table, and FastLb.sln against the tree.
using Xunit;

namespace FastLb.Architecture.Tests;

public sealed class ProjectGraphTests
{
    private static readonly string Root = ProjectScanner.RepoRoot();
    private static readonly IReadOnlyList<ProjectFile> Projects = ProjectScanner.Scan(Root);

    [Fact]
    public void Scan_Repository_FindsEveryLayerAndThisProject()
    {
        var names = Projects.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string>(["FastLb.Interop", "FastLb.Model", "FastLb.Scheduling", "FastLb.Health", "FastLb.Reconciler", "FastLb.Host", "FastLb.Lab", ReferenceTable.Testing, ReferenceTable.ArchitectureTests]),
            names);
        Assert.Contains(Projects, p => p.Name == "FastLb.Host" && p.References.Contains(ReferenceRules.SourcePath("FastLb.Reconciler")));
    }

    [Fact]
    public void Check_Repository_EveryReferenceAllowedByTheTable()
    {
        var violations = ReferenceRules.Check(Projects);

        Assert.True(violations.Count == 0, "forbidden references:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void Solution_ListsExactlyTheProjectsInTheTree()
    {
        var listed = SolutionFile.Projects(File.ReadAllText(Path.Combine(Root, "FastLb.sln"))).ToHashSet(StringComparer.Ordinal);
        var onDisk = Projects.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);

        var missing = onDisk.Except(listed).Order(StringComparer.Ordinal).ToList();
        var stale = listed.Except(onDisk).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "FastLb.sln does not list: " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "FastLb.sln lists projects that do not exist: " + string.Join(", ", stale));
    }
}
