namespace FastLb.Lab;

/// <summary>
/// Two fresh namespaces joined by one veth pair, the smallest lab: names unique per run
/// (<see cref="LabNames"/>), both ends up, and both namespaces deleted on Dispose.
/// </summary>
public sealed class NamespacePair : IDisposable
{
    private NamespacePair()
    {
    }

    public required LabNamespace First { get; init; }

    public required LabNamespace Second { get; init; }

    /// <summary>The veth end inside <see cref="First"/>.</summary>
    public required string FirstInterface { get; init; }

    /// <summary>The veth end inside <see cref="Second"/>.</summary>
    public required string SecondInterface { get; init; }

    /// <summary>Creates both namespaces and the veth between them, with optional MACs on its ends.</summary>
    public static NamespacePair Create(string? firstMac = null, string? secondMac = null)
    {
        var prefix = LabNames.NewPrefix();
        var first = LabNamespace.Create(prefix + "a");
        LabNamespace? second = null;
        try
        {
            second = LabNamespace.Create(prefix + "b");
            VethPair.Create(first, prefix + "x", second, prefix + "y", firstMac, secondMac);
            return new NamespacePair { First = first, Second = second, FirstInterface = prefix + "x", SecondInterface = prefix + "y" };
        }
        catch
        {
            second?.Dispose();
            first.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Second.Dispose();
        First.Dispose();
    }
}
