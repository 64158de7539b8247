using BenchmarkDotNet.Attributes;
using FastLb.Scheduling;

namespace FastLb.Bench;

/// <summary>Controller-side cost of one Maglev table (65537 slots) for N reals.</summary>
[MemoryDiagnoser]
public class MaglevBuildBenchmarks
{
    private MaglevBackend[] _backends = [];

    [Params(3, 100, 1000)]
    public int Reals { get; set; }

    [GlobalSetup]
    public void Setup() => _backends = [.. Enumerable.Range(0, Reals).Select(i => new MaglevBackend($"192.0.2.{i % 250}:{8000 + i}", 1))];

    [Benchmark]
    public int[] Build() => MaglevTable.Build(_backends, 65537);
}
