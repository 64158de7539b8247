// The rules on small made-up trees: each allowed edge beside the forbidden one next to it.
using Xunit;

namespace FastLb.Architecture.Tests;

public sealed class ReferenceRulesTests
{
    private static ProjectFile Src(string name, params string[] refs) => new(name, ReferenceRules.SourcePath(name), refs, []);

    private static ProjectFile Test(string name, params string[] refs) => new(name, $"tests/{name}/{name}.csproj", refs, []);

    private static ProjectFile Bench(string name, params string[] refs) => new(name, $"bench/{name}/{name}.csproj", refs, []);

    private static string S(string name) => ReferenceRules.SourcePath(name);

    private static string T(string name) => $"tests/{name}/{name}.csproj";

    private static string B(string name) => $"bench/{name}/{name}.csproj";

    /// <summary>Every layer plus the given project, so every reference target exists.</summary>
    private static IReadOnlyList<string> CheckWith(ProjectFile project, bool withWire = true, params ProjectFile[] more)
    {
        var tree = ReferenceTable.Source.Keys
            .Where(n => withWire || n != "FastLb.Wire")
            .Where(n => n != project.Name)
            .Select(n => Src(n))
            .Concat([Test(ReferenceTable.Testing), Bench("FastLb.Bench"), .. more])
            .Where(p => p.Path != project.Path)
            .Append(project)
            .ToList();
        return ReferenceRules.Check(tree);
    }

    [Theory]
    [InlineData("FastLb.Model", "FastLb.Scheduling")]
    [InlineData("FastLb.Health", "FastLb.Wire")]
    [InlineData("FastLb.Health", "FastLb.Interop")]
    [InlineData("FastLb.Lab", "FastLb.Wire")]
    [InlineData("FastLb.Reconciler", "FastLb.Health")]
    [InlineData("FastLb.Host", "FastLb.Lab")]
    [InlineData("FastLb.Host", "FastLb.Model")]
    public void Check_SourceEdgeInTable_NoViolation(string from, string to) =>
        Assert.Empty(CheckWith(Src(from, S(to))));

    [Theory]
    [InlineData("FastLb.Scheduling", "FastLb.Model", "nothing")]
    [InlineData("FastLb.Wire", "FastLb.Interop", "nothing")]
    [InlineData("FastLb.Interop", "FastLb.Wire", "nothing")]
    [InlineData("FastLb.Lab", "FastLb.Health", "FastLb.Interop, FastLb.Wire")]
    [InlineData("FastLb.Health", "FastLb.Reconciler", "FastLb.Interop, FastLb.Model, FastLb.Wire")]
    [InlineData("FastLb.Reconciler", "FastLb.Host", "FastLb.Health, FastLb.Interop, FastLb.Model, FastLb.Scheduling")]
    [InlineData("FastLb.Model", "FastLb.Health", "FastLb.Scheduling")]
    public void Check_SourceEdgeAgainstTable_NamesTheEdge(string from, string to, string may)
    {
        var violation = Assert.Single(CheckWith(Src(from, S(to))));

        Assert.Equal($"{S(from)}: {from} -> {S(to)} is forbidden ({from} may reference: {may})", violation);
    }

    [Fact]
    public void Check_SourceReferencesTestHelpers_Forbidden()
    {
        var violation = Assert.Single(CheckWith(Src("FastLb.Host", S("FastLb.Reconciler"), T(ReferenceTable.Testing))));

        Assert.StartsWith($"{S("FastLb.Host")}: FastLb.Host -> {T(ReferenceTable.Testing)} is forbidden", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SourceReferencesTestPackage_Forbidden()
    {
        var host = new ProjectFile("FastLb.Host", S("FastLb.Host"), [], ["xunit"]);

        Assert.Equal([$"{S("FastLb.Host")}: FastLb.Host -> package xunit is forbidden (test machinery does not ship)"], CheckWith(host));
    }

    [Fact]
    public void Check_TestProjectUsesXunit_Allowed() =>
        Assert.Empty(CheckWith(new ProjectFile("FastLb.Model.Tests", T("FastLb.Model.Tests"), [S("FastLb.Model")], ["xunit", "Microsoft.NET.Test.Sdk"])));

    [Fact]
    public void Check_UnknownSourceProject_NotInTable()
    {
        var violation = Assert.Single(CheckWith(Src("FastLb.Gadget")));

        Assert.StartsWith($"{S("FastLb.Gadget")}: FastLb.Gadget is not in the architecture table", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TestsOfUnknownProject_NotInTable() =>
        Assert.StartsWith("tests/FastLb.Gadget.Tests/FastLb.Gadget.Tests.csproj: FastLb.Gadget.Tests is not in the architecture table",
            Assert.Single(CheckWith(Test("FastLb.Gadget.Tests"))), StringComparison.Ordinal);

    [Fact]
    public void Check_ReferenceToMissingProject_Named() =>
        Assert.Equal(["src/FastLb.Model/FastLb.Model.csproj: FastLb.Model -> src/FastLb.Gone/FastLb.Gone.csproj: not a project under src/, tests/ or bench/"],
            CheckWith(Src("FastLb.Model", S("FastLb.Gone"))));

    [Theory]
    [InlineData("FastLb.Host.Tests", "src/FastLb.Host/FastLb.Host.csproj")]
    [InlineData("FastLb.Host.Tests", "src/FastLb.Model/FastLb.Model.csproj")]
    [InlineData("FastLb.Host.Tests", "tests/FastLb.Testing/FastLb.Testing.csproj")]
    [InlineData("FastLb.Health.Tests", "src/FastLb.Lab/FastLb.Lab.csproj")]
    [InlineData("FastLb.Model.Tests", "src/FastLb.Scheduling/FastLb.Scheduling.csproj")]
    [InlineData("FastLb.PacketTests", "src/FastLb.Reconciler/FastLb.Reconciler.csproj")]
    [InlineData("FastLb.LabTests", "src/FastLb.Host/FastLb.Host.csproj")]
    [InlineData("FastLb.Bench.Tests", "bench/FastLb.Bench/FastLb.Bench.csproj")]
    [InlineData("FastLb.Testing", "src/FastLb.Wire/FastLb.Wire.csproj")]
    public void Check_TestEdgeInReach_NoViolation(string from, string to) =>
        Assert.Empty(CheckWith(Test(from, to)));

    [Theory]
    [InlineData("FastLb.PacketTests", "bench/FastLb.Bench/FastLb.Bench.csproj")]
    [InlineData("FastLb.Host.Tests", "bench/FastLb.Bench/FastLb.Bench.csproj")]
    [InlineData("FastLb.Model.Tests", "src/FastLb.Health/FastLb.Health.csproj")]
    [InlineData("FastLb.Scheduling.Tests", "src/FastLb.Model/FastLb.Model.csproj")]
    [InlineData("FastLb.Reconciler.Tests", "src/FastLb.Host/FastLb.Host.csproj")]
    [InlineData("FastLb.Testing", "src/FastLb.Reconciler/FastLb.Reconciler.csproj")]
    [InlineData("FastLb.Architecture.Tests", "src/FastLb.Interop/FastLb.Interop.csproj")]
    public void Check_TestEdgeOutOfReach_NamesTheEdge(string from, string to) =>
        Assert.StartsWith($"tests/{from}/{from}.csproj: {from} -> {to} is forbidden", Assert.Single(CheckWith(Test(from, to))), StringComparison.Ordinal);

    [Fact]
    public void Check_BenchReferencesSource_NoViolation() =>
        Assert.Empty(CheckWith(Bench("FastLb.Bench.Health", S("FastLb.Health"), S("FastLb.Reconciler"))));

    [Fact]
    public void Check_BenchReferencesOtherBench_Forbidden() =>
        Assert.StartsWith("bench/FastLb.Bench.Health/FastLb.Bench.Health.csproj: FastLb.Bench.Health -> bench/FastLb.Bench/FastLb.Bench.csproj is forbidden",
            Assert.Single(CheckWith(Bench("FastLb.Bench.Health", B("FastLb.Bench")))), StringComparison.Ordinal);

    [Fact]
    public void Check_BenchReferencesTestingBeforeWireExists_Allowed() =>
        Assert.Empty(CheckWith(Bench("FastLb.Bench", T(ReferenceTable.Testing)), withWire: false));

    [Fact]
    public void Check_BenchReferencesTestingOnceWireExists_Forbidden() =>
        Assert.StartsWith($"bench/FastLb.Bench/FastLb.Bench.csproj: FastLb.Bench -> {T(ReferenceTable.Testing)} is forbidden",
            Assert.Single(CheckWith(Bench("FastLb.Bench", T(ReferenceTable.Testing)), withWire: true)), StringComparison.Ordinal);

    [Fact]
    public void Projects_SolutionText_ListsCsprojPathsOnly()
    {
        const string sln = """
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "FastLb.Model", "src\FastLb.Model\FastLb.Model.csproj", "{0DD35AE1-B03E-429C-A34B-239A2D6CFA37}"
            EndProject
            Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "tests", "tests", "{11111111-1111-1111-1111-111111111111}"
            EndProject
            """;

        Assert.Equal(["src/FastLb.Model/FastLb.Model.csproj"], SolutionFile.Projects(sln));
    }
}
