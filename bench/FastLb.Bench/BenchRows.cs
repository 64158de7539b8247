namespace FastLb.Bench;

/// <summary>Picking a bench's rows by name on the command line (`--rows PREFIX[,PREFIX]`).</summary>
public static class BenchRows
{
    /// <summary>The rows of <paramref name="all"/> whose name starts with one of <paramref name="prefixes"/> (comma-separated), every row when null.</summary>
    public static IReadOnlyList<T> Select<T>(IReadOnlyList<T> all, Func<T, string> name, string? prefixes)
    {
        if (prefixes is null)
        {
            return all;
        }
        var wanted = prefixes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rows = all.Where(r => wanted.Any(w => name(r).StartsWith(w, StringComparison.Ordinal))).ToList();
        return rows.Count > 0 ? rows : throw new ArgumentException($"no bench row starts with '{prefixes}'", nameof(prefixes));
    }
}
