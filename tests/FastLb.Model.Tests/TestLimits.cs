// The limits Model tests validate against: the data plane's sizes, written out so the tests read alone.

namespace FastLb.Model.Tests;

internal static class TestLimits
{
    public static ConfigLimits Default { get; } = new(MaxServices: 64, MaxReals: 4096, MaxRingSize: 65537);
}
