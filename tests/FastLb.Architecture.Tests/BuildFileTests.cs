// Build files (MSBuild .props/.targets, CMakeLists.txt) name only C# files that exist.
using System.Text.RegularExpressions;
using Xunit;

namespace FastLb.Architecture.Tests;

public sealed partial class BuildFileTests
{
    private static readonly string Root = ProjectScanner.RepoRoot();

    [Fact]
    public void BuildFiles_NameOnlyExistingSourceFiles()
    {
        var sources = ProjectScanner.Areas
            .SelectMany(a => Directory.EnumerateFiles(Path.Combine(Root, a), "*.cs", SearchOption.AllDirectories))
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.Ordinal);
        var buildFiles = ProjectScanner.Areas
            .SelectMany(a => Directory.EnumerateFiles(Path.Combine(Root, a), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(Root, "*.props"))
            .Append(Path.Combine(Root, "CMakeLists.txt"))
            .ToList();

        var dangling = buildFiles
            .SelectMany(f => NamedSourceFile().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(Root, f), Name: m.Value)))
            .Where(x => !sources.Contains(x.Name))
            .Select(x => $"{x.File} names {x.Name}, which does not exist")
            .ToList();

        Assert.Contains(buildFiles, f => f.EndsWith("Native.targets", StringComparison.Ordinal));
        Assert.True(dangling.Count == 0, string.Join('\n', dangling));
    }

    [Fact]
    public void NamedSourceFile_FindsFileNamesInComments() =>
        Assert.Equal(["NativeLibraries.cs", "NativePaths.cs"],
            NamedSourceFile().Matches("<!-- NativeLibraries.cs finds them; NativePaths.cs reads it; not a.cs.map -->").Select(m => m.Value));

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9_]*\.cs\b(?!\.)")]
    private static partial Regex NamedSourceFile();
}
