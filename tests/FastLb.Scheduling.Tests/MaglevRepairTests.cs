// Maglev repair: a down backend's slots refilled without a rebuild; only those move, in any order of events, balanced.
using Xunit.Abstractions;

namespace FastLb.Scheduling.Tests;

public sealed class MaglevRepairTests(ITestOutputHelper output)
{
    private const int Size = 65537;

    private static List<MaglevBackend> Backends(int n, Func<int, int>? weight = null) =>
        [.. Enumerable.Range(0, n).Select(i => new MaglevBackend($"192.0.2.{i + 1}:80", weight?.Invoke(i) ?? 1))];

    private static bool[] Down(int n, params int[] down)
    {
        var mask = new bool[n];
        foreach (var d in down)
        {
            mask[d] = true;
        }
        return mask;
    }

    [Fact]
    public void NoneDown_IsTheMaglevTable()
    {
        var backends = Backends(10);
        Assert.Equal(MaglevTable.Build(backends, Size), new MaglevRepair(backends, Size).Build(Down(10)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100)]
    public void OneDown_OnlyItsSlotsMove_AndNoneKeepsIt(int n)
    {
        var repair = new MaglevRepair(Backends(n), Size);
        var before = repair.Build(Down(n));
        var after = repair.Build(Down(n, 2));
        var moved = Enumerable.Range(0, Size).Where(s => before[s] != after[s]).ToList();
        Assert.All(moved, s => Assert.Equal(2, before[s]));
        Assert.DoesNotContain(2, after);
        Assert.Equal(before.Count(b => b == 2), moved.Count);
        output.WriteLine($"1 of {n} down: moved {moved.Count / (double)Size:P2}, ideal {1.0 / n:P2}");
    }

    [Fact]
    public void SecondDown_MovesOnlyTheSlotsThatPointedAtIt()
    {
        var repair = new MaglevRepair(Backends(20), Size);
        var one = repair.Build(Down(20, 3));
        var two = repair.Build(Down(20, 3, 7));
        Assert.All(Enumerable.Range(0, Size).Where(s => one[s] != two[s]), s => Assert.Equal(7, one[s]));
    }

    [Fact]
    public void BackUp_MovesOnlySlotsBackToIt()
    {
        var repair = new MaglevRepair(Backends(20), Size);
        var slots = Enumerable.Range(0, Size);
        var withBoth = repair.Build(Down(20, 3, 7));
        var backOne = repair.Build(Down(20, 3));
        // Coming back, 7 takes back its own slots and those refills that chose it, nothing else.
        Assert.All(slots.Where(s => withBoth[s] != backOne[s]), s => Assert.Equal(7, backOne[s]));
    }

    [Fact]
    public void Deterministic_SameTablesFromSeparateBuilds()
    {
        var a = new MaglevRepair(Backends(30), Size).Build(Down(30, 1, 4, 9));
        var b = new MaglevRepair([.. Backends(30).AsEnumerable().Reverse()], Size).Build(Down(30, 30 - 1 - 1, 30 - 1 - 4, 30 - 1 - 9));
        var reversed = Backends(30).AsEnumerable().Reverse().ToList();
        Assert.Equal(a.Select(i => Backends(30)[i].Key), b.Select(i => reversed[i].Key));
    }

    [Fact]
    public void TenOfHundredDown_StaysBalanced()
    {
        const int n = 100;
        var table = new MaglevRepair(Backends(n), Size).Build(Down(n, [.. Enumerable.Range(0, 10).Select(i => i * 7)]));
        var counts = table.GroupBy(b => b).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(90, counts.Count);
        var ideal = Size / 90.0;
        output.WriteLine($"min {counts.Values.Min() / ideal:F3} max {counts.Values.Max() / ideal:F3} of ideal");
        Assert.InRange(counts.Values.Max() / ideal, 1.0, 1.06);
        Assert.InRange(counts.Values.Min() / ideal, 0.94, 1.0);
    }

    [Fact]
    public void Weighted_RefillsInProportionToWeight()
    {
        // Backend 0 (weight 1) goes down; of its slots, backend 1 (weight 3) takes about three times what 2 (weight 1) takes.
        var repair = new MaglevRepair(Backends(3, i => i == 1 ? 3 : 1), Size);
        var before = repair.Build(Down(3));
        var after = repair.Build(Down(3, 0));
        var freed = Enumerable.Range(0, Size).Where(s => before[s] == 0).ToList();
        var to1 = freed.Count(s => after[s] == 1);
        var to2 = freed.Count(s => after[s] == 2);
        Assert.InRange(to1 / (double)to2, 2.7, 3.3);
    }

    [Fact]
    public void AllButOneDown_LastTakesEverySlot_AllDownEmpty()
    {
        var repair = new MaglevRepair(Backends(50), Size);
        Assert.All(repair.Build(Down(50, [.. Enumerable.Range(0, 49)])), b => Assert.Equal(49, b));
        Assert.All(repair.Build(Down(50, [.. Enumerable.Range(0, 50)])), b => Assert.Equal(MaglevTable.Empty, b));
    }

    [Fact]
    public void BaseSlots_AreEverySlotOfTheBackendInTheBaseTable_Ascending()
    {
        var backends = Backends(7, i => 1 + (i % 3));
        var repair = new MaglevRepair(backends, 1021);
        for (var b = 0; b < 7; b++)
        {
            Assert.Equal(Enumerable.Range(0, 1021).Where(s => repair.BaseOwner(s) == b), repair.BaseSlots(b));
            Assert.Same(repair.BaseSlots(b), repair.BaseSlots(b));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RefillFromFirstDraw_IsTheRefill_OnRandomPoolsAndDownSets(int seed)
    {
        var random = new Random(seed);
        var n = 2 + random.Next(60);
        var equal = seed % 2 == 1;
        var repair = new MaglevRepair(Backends(n, _ => equal ? 2 : 1 + random.Next(5)), 4099);
        for (var round = 0; round < 20; round++)
        {
            // From none down to nearly all down, so first draws that are down (and the walk in key order) are hit too.
            var down = Enumerable.Range(0, n).Select(_ => random.Next(20) < round).ToArray();
            for (var b = 0; b < n; b++)
            {
                var slots = repair.BaseSlots(b);
                var draws = repair.FirstDraws(b);
                Assert.Equal(slots.Length, draws.Length);
                Assert.Same(draws, repair.FirstDraws(b));
                for (var i = 0; i < slots.Length; i++)
                {
                    Assert.Equal(repair.Refill(slots[i], down), repair.Refill(slots[i], down, draws[i]));
                }
            }
        }
    }

    // Pinned tables: every node (and every version) must refill the same way. Equal weights take a
    // shortcut to the weighted draw; these sums were taken with the plain search.
    [Theory]
    [InlineData(1, 1614606160L)]
    [InlineData(3, 2010027916L)]
    public void EqualWeights_RefillAsPinned(int weight, long expected)
    {
        var repair = new MaglevRepair(Backends(20, _ => weight), 4099);
        var table = repair.Build(Down(20, 0, 3, 4, 11));
        long sum = 0;
        for (var s = 0; s < table.Length; s++)
        {
            sum = (sum * 31 + table[s] + 1) % 4_294_967_291L;
        }
        output.WriteLine($"weight {weight}: {sum}");
        Assert.Equal(expected, sum);
    }
}
