// Reads every project file under src/, tests/ and bench/ with its project and package references.
using System.Xml.Linq;

namespace FastLb.Architecture.Tests;

public static class ProjectScanner
{
    public static readonly string[] Areas = ["src", "tests", "bench"];

    /// <summary>The repository root: the nearest folder above the test binaries that holds FastLb.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FastLb.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no FastLb.sln above {AppContext.BaseDirectory}");
    }

    public static IReadOnlyList<ProjectFile> Scan(string root) =>
        [.. Areas
            .Select(a => System.IO.Path.Combine(root, a))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{System.IO.Path.DirectorySeparatorChar}bin{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => Read(root, p))];

    public static ProjectFile Read(string root, string csproj)
    {
        var doc = XDocument.Load(csproj);
        var dir = System.IO.Path.GetDirectoryName(csproj)!;
        var references = doc.Descendants("ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Select(include => Relative(root, System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, include.Replace('\\', '/')))))
            .ToList();
        var packages = doc.Descendants("PackageReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .ToList();
        return new ProjectFile(ProjectFile.NameOf(csproj), Relative(root, csproj), references, packages);
    }

    private static string Relative(string root, string path) =>
        System.IO.Path.GetRelativePath(root, path).Replace(System.IO.Path.DirectorySeparatorChar, '/');
}
