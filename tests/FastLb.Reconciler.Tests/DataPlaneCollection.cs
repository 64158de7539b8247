// Tests that load the XDP object run alone, so counting this process's BPF descriptors is exact.

namespace FastLb.Reconciler.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DataPlaneCollection
{
    public const string Name = "dataplane";
}
