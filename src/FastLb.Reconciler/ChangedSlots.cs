using System.Numerics;

namespace FastLb.Reconciler;

/// <summary>
/// Collects the slots a ring repair changed, in any order and with repeats, and hands them back
/// ascending: one bit per slot in a per-thread scratch bitmap (8 KB for 65,537 slots), so several
/// runs of base slots need no sort. Only the words touched are read back and cleared.
/// </summary>
internal sealed class ChangedSlots
{
    [ThreadStatic]
    private static ChangedSlots? _scratch;

    private ulong[] _bits = [];
    private int _count;
    private int _lowWord = int.MaxValue;
    private int _highWord = -1;

    /// <summary>The calling thread's empty set, sized for <paramref name="size"/> slots.</summary>
    public static ChangedSlots For(int size)
    {
        var set = _scratch ??= new ChangedSlots();
        var words = (size + 63) >> 6;
        if (set._bits.Length < words)
        {
            set._bits = new ulong[words];
        }
        return set;
    }

    public void Add(int slot)
    {
        var word = slot >> 6;
        var bit = 1UL << slot;
        if ((_bits[word] & bit) != 0)
        {
            return;
        }
        _bits[word] |= bit;
        _count++;
        _lowWord = Math.Min(_lowWord, word);
        _highWord = Math.Max(_highWord, word);
    }

    /// <summary>
    /// How many of <paramref name="b"/>'s slots are not in <paramref name="a"/> (each list without
    /// repeats, slots below <paramref name="size"/>): |a ∪ b| = a.Length + this, without building the union.
    /// </summary>
    public static int CountNotIn(int size, int[] a, int[] b)
    {
        var bits = For(size)._bits;
        foreach (var slot in a)
        {
            bits[slot >> 6] |= 1UL << slot;
        }
        var missing = 0;
        foreach (var slot in b)
        {
            missing += (int)(~(bits[slot >> 6] >> slot) & 1);
        }
        foreach (var slot in a)
        {
            bits[slot >> 6] = 0;
        }
        return missing;
    }

    /// <summary>The slots added, ascending; the set is empty again afterwards.</summary>
    public int[] Drain()
    {
        var slots = new int[_count];
        var n = 0;
        for (var word = _lowWord; word <= _highWord; word++)
        {
            var bits = _bits[word];
            _bits[word] = 0;
            while (bits != 0)
            {
                slots[n++] = (word << 6) | BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }
        (_count, _lowWord, _highWord) = (0, int.MaxValue, -1);
        return slots;
    }
}
