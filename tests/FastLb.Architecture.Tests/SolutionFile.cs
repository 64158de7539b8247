// The C# projects FastLb.sln lists, as repo-relative paths.
using System.Text.RegularExpressions;

namespace FastLb.Architecture.Tests;

public static partial class SolutionFile
{
    public static IReadOnlyList<string> Projects(string slnText) =>
        [.. ProjectLine().Matches(slnText)
            .Select(m => m.Groups[1].Value.Replace('\\', '/'))
            .Where(p => p.EndsWith(".csproj", StringComparison.Ordinal))];

    [GeneratedRegex(@"^Project\(""\{[0-9A-Fa-f-]+\}""\)\s*=\s*""[^""]*"",\s*""([^""]+)""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();
}
