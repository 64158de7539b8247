// Controller-side cost of one Maglev table: N reals into a table of S slots.
using BenchmarkDotNet.Attributes;
using FastLb.Scheduling;

namespace FastLb.Bench;

/// <summary>
/// One table build per call, as the planner does for each service on every change. 65537 is
/// the default and largest ring the data plane holds; 655373 (a prime near ten times it)
/// shows how the build grows with table size.
/// </summary>
[MemoryDiagnoser]
public class MaglevBuildBenchmarks
{
    private MaglevBackend[] _backends = [];

    [Params(10, 100, 1000)]
    public int Reals { get; set; }

    [Params(65537, 655373)]
    public int Slots { get; set; }

    [GlobalSetup]
    public void Setup() => _backends = Backends(Reals);

    [Benchmark]
    public int[] Build() => MaglevTable.Build(_backends, Slots);

    /// <summary>Distinct endpoints in the documentation range, weight 1, as the planner keys them.</summary>
    public static MaglevBackend[] Backends(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new MaglevBackend($"192.0.2.{i % 250}:{8000 + (i / 250)}", 1))];
}
