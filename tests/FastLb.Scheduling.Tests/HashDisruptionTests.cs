// Share of hashed flows (Maglev slots) that move when one of N reals is removed or added, against the ideal 1/N.
using Xunit.Abstractions;

namespace FastLb.Scheduling.Tests;

public sealed class HashDisruptionTests(ITestOutputHelper output)
{
    private const int Size = 65537;

    public static TheoryData<int> Pools => new() { 5, 10, 50, 100 };

    [Theory]
    [MemberData(nameof(Pools))]
    public void RemoveOneOfN_MovesAtLeastItsShare_AndLittleMore(int n)
    {
        var before = Build(n, skip: -1);
        var after = Build(n, skip: n / 2); // real n/2 removed
        var moved = Moved(before, after);
        output.WriteLine($"remove 1 of {n}: moved {moved:P2}, ideal {1.0 / n:P2}");
        Assert.InRange(moved, 1.0 / n * 0.98, 1.0 / n * 1.7);
    }

    [Theory]
    [MemberData(nameof(Pools))]
    public void AddOneToN_MovesAboutItsShare(int n)
    {
        var before = Build(n, skip: -1);
        var after = Build(n + 1, skip: -1);
        var moved = Moved(before, after);
        output.WriteLine($"add 1 to {n}: moved {moved:P2}, ideal {1.0 / (n + 1):P2}");
        Assert.InRange(moved, 1.0 / (n + 1) * 0.98, 1.0 / (n + 1) * 1.7);
    }

    [Theory]
    [MemberData(nameof(Pools))]
    public void DownOneOfN_Repaired_MovesOnlyItsOwnSlots(int n)
    {
        var backends = Enumerable.Range(0, n).Select(i => new MaglevBackend($"192.0.2.{i}:80", 1)).ToList();
        var repair = new MaglevRepair(backends, Size);
        var down = new bool[n];
        var before = repair.Build(down);
        down[n / 2] = true;
        var after = repair.Build(down);
        var moved = Enumerable.Range(0, Size).Count(s => before[s] != after[s]) / (double)Size;
        output.WriteLine($"down 1 of {n}: moved {moved:P2}, ideal {1.0 / n:P2}");
        Assert.Equal(before.Count(b => b == n / 2) / (double)Size, moved);
        Assert.InRange(moved, 1.0 / n * 0.9, 1.0 / n * 1.1);
    }

    // Table of backends r0..r(n-1) (minus `skip`), as names per slot.
    private static string[] Build(int n, int skip)
    {
        var backends = Enumerable.Range(0, n).Where(i => i != skip).Select(i => new MaglevBackend($"192.0.2.{i}:80", 1)).ToList();
        return [.. MaglevTable.Build(backends, Size).Select(i => backends[i].Key)];
    }

    private static double Moved(string[] before, string[] after) =>
        Enumerable.Range(0, Size).Count(s => before[s] != after[s]) / (double)Size;
}
