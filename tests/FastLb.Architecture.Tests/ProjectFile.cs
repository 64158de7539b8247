// One project file as the architecture rules see it: its name, where it lives, what it references.
namespace FastLb.Architecture.Tests;

/// <param name="Name">The project's name (its file name without .csproj), e.g. "FastLb.Model".</param>
/// <param name="Path">Repo-relative path with '/' separators, e.g. "src/FastLb.Model/FastLb.Model.csproj".</param>
/// <param name="References">Repo-relative paths of the projects it references.</param>
/// <param name="Packages">Names of the packages it references.</param>
public sealed record ProjectFile(string Name, string Path, IReadOnlyList<string> References, IReadOnlyList<string> Packages)
{
    /// <summary>"src", "tests" or "bench": the first folder of the path.</summary>
    public string Area => Path.Split('/')[0];

    /// <summary>The name a referenced path gives its project.</summary>
    public static string NameOf(string path) => System.IO.Path.GetFileNameWithoutExtension(path);
}
