// The changed-slot lists the ring repair builds without sorting (ascending, each slot once, exactly the input), and the writer's count of two lists' union.
namespace FastLb.Reconciler.Tests;

public sealed class ChangedSlotsTests
{
    [Theory]
    [InlineData(1, 65537)]
    [InlineData(2, 1021)]
    [InlineData(3, 64)]
    public void ChangedSlots_AnyOrderAndRepeats_DrainAscendingOnce_ThenEmpty(int seed, int size)
    {
        var random = new Random(seed);
        for (var round = 0; round < 5; round++)
        {
            var set = ChangedSlots.For(size);
            var added = Enumerable.Range(0, random.Next(3 * size / 2)).Select(_ => random.Next(size)).ToList();
            added.Add(size - 1); // the last word, partly used
            foreach (var slot in added)
            {
                set.Add(slot);
            }
            Assert.Equal(added.Distinct().Order(), set.Drain());
            Assert.Empty(ChangedSlots.For(size).Drain());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CountNotIn_TwoLists_CountsTheSecondsSlotsMissingFromTheFirst_LeavesTheSetEmpty(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 50; round++)
        {
            var a = Ascending(random, random.Next(4) == 0 ? 0 : random.Next(300));
            var b = Ascending(random, random.Next(4) == 0 ? 0 : random.Next(300));
            Assert.Equal(a.Union(b).Count(), a.Length + ChangedSlots.CountNotIn(500, a, b));
            Assert.Empty(ChangedSlots.For(500).Drain());
        }
    }

    private static int[] Ascending(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.Next(500)).Distinct().Order()];
}
