// Maglev table properties: Katran's tests (empty, single, no holes, deterministic, weights)
// and the balance and disruption numbers of the Maglev paper (M = 65537, N = 1000).
using Xunit.Abstractions;

namespace FastLb.Scheduling.Tests;

public sealed class MaglevTableTests
{
    private const int PaperSize = 65537;
    private const int PaperBackends = 1000;

    private readonly ITestOutputHelper output;

    public MaglevTableTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    private static List<MaglevBackend> Backends(int count, int weight = 1) =>
        Enumerable.Range(0, count).Select(i => new MaglevBackend(Key(i), weight)).ToList();

    private static string Key(int i) => i < 250 ? $"192.0.2.{i + 1}:80" : $"[2001:db8::{i:x}]:80";

    private static int[] Counts(int[] table, int backends)
    {
        var counts = new int[backends];
        foreach (int slot in table)
        {
            counts[slot]++;
        }

        return counts;
    }

    [Fact]
    public void Build_NoBackends_AllSlotsEmpty()
    {
        int[] table = MaglevTable.Build([], 13);
        Assert.Equal(Enumerable.Repeat(-1, 13), table);
    }

    [Fact]
    public void Build_AllWeightsZero_AllSlotsEmpty()
    {
        int[] table = MaglevTable.Build(Backends(3, weight: 0), 13);
        Assert.Equal(Enumerable.Repeat(-1, 13), table);
    }

    [Fact]
    public void Build_SingleBackend_FillsTable()
    {
        int[] table = MaglevTable.Build([new MaglevBackend("192.0.2.11:80", 1)], 65537);
        Assert.Equal(65537, table.Length);
        Assert.All(table, slot => Assert.Equal(0, slot));
    }

    [Fact]
    public void Build_ManyBackends_NoHolesAndEveryBackendHasSlots()
    {
        int[] table = MaglevTable.Build(Backends(100), 65537);
        Assert.All(table, slot => Assert.InRange(slot, 0, 99));
        Assert.All(Counts(table, 100), count => Assert.True(count > 0));
    }

    [Fact]
    public void Build_SameInputTwice_SameTable()
    {
        Assert.Equal(MaglevTable.Build(Backends(50), 4099), MaglevTable.Build(Backends(50), 4099));
    }

    [Fact]
    public void Build_KnownInput_StableAcrossVersions()
    {
        // Pins the hash and fill order: other nodes (and future builds) must produce the same table.
        int[] table = MaglevTable.Build(Backends(3), 13);
        output.WriteLine(string.Join(",", table));
        Assert.Equal([1, 0, 1, 2, 1, 2, 2, 0, 0, 1, 2, 0, 0], table);
    }

    [Fact]
    public void Build_PermutedInput_SameBackendPerSlotByKey()
    {
        var backends = Backends(40);
        var shuffled = backends.OrderBy(b => StableHash.Hash64(b.Key, 42)).ToList();
        Assert.NotEqual(backends.Select(b => b.Key), shuffled.Select(b => b.Key));

        int[] a = MaglevTable.Build(backends, 4099);
        int[] b = MaglevTable.Build(shuffled, 4099);
        for (int slot = 0; slot < a.Length; slot++)
        {
            Assert.Equal(backends[a[slot]].Key, shuffled[b[slot]].Key);
        }
    }

    [Fact]
    public void Build_DifferentKeys_DifferentTable()
    {
        var other = Enumerable.Range(0, 50).Select(i => new MaglevBackend($"192.0.2.{i + 1}:81", 1)).ToList();
        Assert.NotEqual(MaglevTable.Build(Backends(50), 4099), MaglevTable.Build(other, 4099));
    }

    [Fact]
    public void Build_WeightTwo_GetsAboutTwiceTheSlots()
    {
        var backends = new List<MaglevBackend>
        {
            new("192.0.2.11:80", 1),
            new("192.0.2.12:80", 2),
        };
        int[] counts = Counts(MaglevTable.Build(backends, 65537), 2);
        double ratio = (double)counts[1] / counts[0];
        output.WriteLine($"weight 1: {counts[0]}, weight 2: {counts[1]}, ratio {ratio:F4}");
        Assert.InRange(ratio, 1.98, 2.02);
    }

    [Fact]
    public void Build_MixedWeights_SlotsProportionalToWeight()
    {
        // 50 backends of weight 1 and 50 of weight 3: each group's share within 1% of 1/4 and 3/4.
        var backends = Enumerable.Range(0, 100).Select(i => new MaglevBackend(Key(i), i < 50 ? 1 : 3)).ToList();
        int[] counts = Counts(MaglevTable.Build(backends, 65537), 100);
        double light = counts.Take(50).Sum() / 65537.0;
        double heavy = counts.Skip(50).Sum() / 65537.0;
        output.WriteLine($"weight-1 share {light:F4}, weight-3 share {heavy:F4}");
        Assert.InRange(light, 0.24, 0.26);
        Assert.InRange(heavy, 0.74, 0.76);
    }

    [Fact]
    public void Build_WeightZeroBackend_GetsNoSlots()
    {
        var backends = Backends(10);
        backends[4] = backends[4] with { Weight = 0 };
        int[] counts = Counts(MaglevTable.Build(backends, 1009), 10);
        Assert.Equal(0, counts[4]);
        Assert.Equal(1009, counts.Sum());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65536)]
    [InlineData(100)]
    public void Build_SizeNotPrime_Throws(int size)
    {
        var ex = Assert.Throws<ArgumentException>(() => MaglevTable.Build(Backends(2), size));
        Assert.Contains($"size {size} is not a prime", ex.Message);
    }

    [Fact]
    public void Build_NegativeWeight_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => MaglevTable.Build([new MaglevBackend("a", -1)], 13));
        Assert.Contains("negative weight", ex.Message);
    }

    [Fact]
    public void Build_DuplicateKey_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            MaglevTable.Build([new MaglevBackend("a", 1), new MaglevBackend("a", 2)], 13));
        Assert.Contains("duplicate backend key 'a'", ex.Message);
    }

    [Fact]
    public void Build_PaperInputs_MaxOverMeanCloseToOne()
    {
        int[] counts = Counts(MaglevTable.Build(Backends(PaperBackends), PaperSize), PaperBackends);
        double mean = (double)PaperSize / PaperBackends;
        double maxOverMean = counts.Max() / mean;
        double minOverMean = counts.Min() / mean;
        output.WriteLine($"M={PaperSize} N={PaperBackends}: max/mean {maxOverMean:F4}, min/mean {minOverMean:F4}");
        // Measured: max/mean 1.0071, min/mean 0.9918 (the paper reports close to 1).
        Assert.True(maxOverMean < 1.02, $"max/mean {maxOverMean:F4}");
        Assert.True(minOverMean > 0.98, $"min/mean {minOverMean:F4}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(499)]
    [InlineData(998)]
    [InlineData(999)]
    public void Build_PaperInputsOneBackendRemoved_OnlyItsSlotsAndSmallRemainderMove(int removed)
    {
        var before = Backends(PaperBackends);
        var after = before.Where((_, i) => i != removed).ToList();

        // Measured: 65-66 own slots and 0.52%-0.58% of the table moved between survivors.
        AssertOnlyItsSlotsMove($"removed {removed}", before, after, before[removed].Key);
    }

    [Fact]
    public void Build_PaperInputsOneBackendAdded_MovesLittleMoreThanItsShare()
    {
        var before = Backends(PaperBackends);
        var after = Backends(PaperBackends + 1);

        // Measured: the new backend took 65 slots, 0.56% moved between the others.
        AssertOnlyItsSlotsMove("added", before, after, after[PaperBackends].Key);
    }

    // One backend (key changed) left or joined the paper-sized table: it lost or took about its
    // share of slots, and under 1% of the table moved between the other backends.
    private void AssertOnlyItsSlotsMove(string what, List<MaglevBackend> before, List<MaglevBackend> after, string changed)
    {
        int[] a = MaglevTable.Build(before, PaperSize);
        int[] b = MaglevTable.Build(after, PaperSize);
        int itsSlots = 0;
        int remainder = 0;
        for (int slot = 0; slot < PaperSize; slot++)
        {
            string oldKey = before[a[slot]].Key;
            string newKey = after[b[slot]].Key;
            if (oldKey == changed || newKey == changed)
            {
                itsSlots++;
            }
            else if (oldKey != newKey)
            {
                remainder++;
            }
        }

        double share = (double)remainder / PaperSize;
        output.WriteLine($"{what}: its slots {itsSlots}, moved between the others {remainder} ({share:P3})");
        Assert.InRange(itsSlots, 1, 80);
        Assert.True(share < 0.01, $"remainder {share:P3}");
    }

    [Fact]
    public void Build_WeightChangedOnOneBackend_OthersKeepMostSlots()
    {
        var before = Backends(100);
        var after = before.ToList();
        after[7] = after[7] with { Weight = 0 };
        int[] a = MaglevTable.Build(before, 65537);
        int[] b = MaglevTable.Build(after, 65537);
        int moved = Enumerable.Range(0, 65537).Count(s => a[s] != 7 && a[s] != b[s]);
        output.WriteLine($"drain of 1/100: moved between others {moved}");
        Assert.DoesNotContain(7, b);
        // Measured: 379 slots (0.58%).
        Assert.True(moved < 65537 * 0.01, $"moved {moved}");
    }
}
