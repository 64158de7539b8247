namespace FastLb.LabTests;

/// <summary>What <c>ip netns list</c> shows, for teardown assertions.</summary>
internal static class Namespaces
{
    public static IReadOnlySet<string> List() =>
        Command.Run("ip", "netns", "list")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<string> WithPrefix(string prefix) =>
        [.. List().Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
