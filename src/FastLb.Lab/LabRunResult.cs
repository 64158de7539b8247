namespace FastLb.Lab;

/// <summary>The outcome of a batch of lab requests: answers per serving identity, and the failures.</summary>
public sealed record LabRunResult(IReadOnlyDictionary<string, int> ByIdentity, int Failures, IReadOnlyList<string> Errors)
{
    public int Succeeded => ByIdentity.Values.Sum();

    /// <summary>How many answers <paramref name="identity"/> served (0 if none).</summary>
    public int CountFor(string identity) => ByIdentity.GetValueOrDefault(identity);
}
