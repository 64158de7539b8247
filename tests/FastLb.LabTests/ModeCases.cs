// The mode × topology × family cases every mode lab test runs over.

namespace FastLb.LabTests;

internal static class ModeCases
{
    /// <summary>Every topology, IPv4 and IPv6.</summary>
    public static TheoryData<ModeTopology, bool> All()
    {
        var data = new TheoryData<ModeTopology, bool>();
        foreach (var topology in Enum.GetValues<ModeTopology>())
        {
            data.Add(topology, false);
            data.Add(topology, true);
        }
        return data;
    }

    /// <summary>The topologies where the client reaches a real's own address without FastLb: the routed ones and the one-arm switch.</summary>
    public static TheoryData<ModeTopology> RealReachableDirectly() =>
        [ModeTopology.RoutedOneArm, ModeTopology.RoutedInline, ModeTopology.TransparentOneArm];
}
