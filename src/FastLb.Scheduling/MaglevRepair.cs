// A Maglev table over the configured backends, with the slots of down backends refilled without a rebuild.
namespace FastLb.Scheduling;

/// <summary>
/// Health changes far more often than configuration, so the Maglev table is built once over every
/// backend of positive weight (the base) and a down backend's slots are refilled from a fixed
/// per-slot sequence of candidates (drawn in proportion to weight): a slot whose base backend is
/// down takes the first candidate in its sequence that is up. The table is then a pure function
/// of (backends, weights, down set), whatever order the transitions came in, so every node with
/// the same config and health still builds the same table; and taking one backend down moves only
/// the slots that pointed at it (the ideal 1/N), bringing it back restores exactly those.
/// </summary>
public sealed class MaglevRepair
{
    // Candidates drawn by hash before falling back to a walk in key order (only when nearly all are down).
    private const int HashedTries = 32;

    // The base table as backend positions; ushort halves the memory a service keeps (backends < 65,535).
    private const ushort NoOwner = ushort.MaxValue;

    private readonly ushort[] _base;
    private readonly long[] _upTo; // cumulative weights, in key order
    private readonly int[] _byKey; // backend (input position) at each key-order position
    private int[]?[]? _baseSlots; // per backend, filled on first use
    private ushort[]?[]? _firstDraws; // per backend, beside its base slots, filled on first use
    private readonly long _uniform; // the weight every backend in _byKey has, or 0 when they differ

    public MaglevRepair(IReadOnlyList<MaglevBackend> backends, int size)
    {
        if (backends.Count >= NoOwner)
        {
            throw new ArgumentException($"{backends.Count} backends: a repairable table holds at most {NoOwner - 1}", nameof(backends));
        }
        var table = MaglevTable.Build(backends, size);
        _base = new ushort[size];
        for (var slot = 0; slot < size; slot++)
        {
            _base[slot] = table[slot] < 0 ? NoOwner : (ushort)table[slot];
        }
        Backends = backends.Count;
        _byKey = [.. Enumerable.Range(0, backends.Count).Where(i => backends[i].Weight > 0)
            .OrderBy(i => backends[i].Key, StringComparer.Ordinal)];
        _upTo = new long[_byKey.Length];
        long total = 0;
        for (var i = 0; i < _byKey.Length; i++)
        {
            total += backends[_byKey[i]].Weight;
            _upTo[i] = total;
        }
        _uniform = _byKey.Length > 0 && _byKey.All(b => backends[b].Weight == backends[_byKey[0]].Weight) ? backends[_byKey[0]].Weight : 0;
    }

    /// <summary>How many backends the table was built over (the length of a down mask).</summary>
    public int Backends { get; }

    public int Size => _base.Length;

    /// <summary>The backend of <paramref name="slot"/> with every backend up (<see cref="MaglevTable.Build"/>); <see cref="MaglevTable.Empty"/> when none has weight.</summary>
    public int BaseOwner(int slot) => _base[slot] == NoOwner ? MaglevTable.Empty : _base[slot];

    /// <summary>
    /// Every slot whose base backend is <paramref name="backend"/>, ascending: found once per backend
    /// and kept (about Size / Backends entries), so a health change visits those slots without
    /// scanning the table. Safe to call from several threads (a race computes the same list twice).
    /// </summary>
    public int[] BaseSlots(int backend)
    {
        _baseSlots ??= new int[]?[Backends];
        if (_baseSlots[backend] is { } known)
        {
            return known;
        }
        var slots = new List<int>(Size / Math.Max(Backends, 1) + 16);
        for (var slot = NextBaseSlot(backend, 0); slot >= 0; slot = slot + 1 < Size ? NextBaseSlot(backend, slot + 1) : -1)
        {
            slots.Add(slot);
        }
        return _baseSlots[backend] = [.. slots];
    }

    /// <summary>
    /// The first candidate of each of <see cref="BaseSlots"/>(<paramref name="backend"/>)'s slots, in
    /// the same order: a refill whose first candidate is up (nearly always) then needs no hashing
    /// (<see cref="Refill(int, ReadOnlySpan{bool}, int)"/>). Kept like the base slots.
    /// </summary>
    public ushort[] FirstDraws(int backend)
    {
        _firstDraws ??= new ushort[]?[Backends];
        if (_firstDraws[backend] is { } known)
        {
            return known;
        }
        var slots = BaseSlots(backend);
        var draws = new ushort[slots.Length];
        if (_byKey.Length > 0)
        {
            var total = (ulong)_upTo[^1];
            for (var i = 0; i < slots.Length; i++)
            {
                draws[i] = (ushort)_byKey[Draw(slots[i], 0, total)];
            }
        }
        return _firstDraws[backend] = draws;
    }

    /// <summary>
    /// <see cref="Refill(int, ReadOnlySpan{bool})"/> for a slot whose first candidate is known
    /// (<see cref="FirstDraws"/>): the same backend, without hashing when that candidate is up.
    /// </summary>
    public int Refill(int slot, ReadOnlySpan<bool> down, int firstDraw) =>
        _byKey.Length > 0 && !down[firstDraw] ? firstDraw : Refill(slot, down);

    /// <summary>The first slot at or after <paramref name="from"/> whose base backend is <paramref name="backend"/>; -1 when none (a vectorised scan).</summary>
    public int NextBaseSlot(int backend, int from)
    {
        var at = _base.AsSpan(from).IndexOf((ushort)backend);
        return at < 0 ? -1 : from + at;
    }

    /// <summary>The backend that serves <paramref name="slot"/> when <paramref name="down"/> are down; <see cref="MaglevTable.Empty"/> when none is up.</summary>
    public int Owner(int slot, ReadOnlySpan<bool> down)
    {
        var owner = BaseOwner(slot);
        return owner < 0 || !down[owner] ? owner : Refill(slot, down);
    }

    /// <summary>The whole table with <paramref name="down"/> (one flag per backend) refilled.</summary>
    public int[] Build(ReadOnlySpan<bool> down)
    {
        var table = new int[_base.Length];
        for (var slot = 0; slot < table.Length; slot++)
        {
            table[slot] = Owner(slot, down);
        }
        return table;
    }

    /// <summary>The first up candidate in the slot's sequence: weighted draws by hash, then every backend in key order.</summary>
    public int Refill(int slot, ReadOnlySpan<bool> down)
    {
        if (_byKey.Length == 0)
        {
            return MaglevTable.Empty;
        }
        var total = (ulong)_upTo[^1];
        var at = 0;
        for (var k = 0; k < HashedTries; k++)
        {
            at = Draw(slot, k, total);
            if (!down[_byKey[at]])
            {
                return _byKey[at];
            }
        }
        for (var i = 1; i <= _byKey.Length; i++)
        {
            var backend = _byKey[(at + i) % _byKey.Length];
            if (!down[backend])
            {
                return backend;
            }
        }
        return MaglevTable.Empty;
    }

    // The key-order position of the slot's k-th candidate.
    private int Draw(int slot, int k, ulong total) => Pick((long)(Mix(((ulong)(uint)slot << 32) | (uint)k) % total));

    // The key-order position whose cumulative weight range holds `point`.
    private int Pick(long point)
    {
        if (_uniform > 0)
        {
            return (int)(point / _uniform); // equal weights: the same answer as the search, without it
        }
        var i = Array.BinarySearch(_upTo, point + 1);
        return i >= 0 ? i : ~i;
    }

    // splitmix64's finaliser: stable across platforms and runs.
    private static ulong Mix(ulong x)
    {
        x += 0x9e3779b97f4a7c15;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
        x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
        return x ^ (x >> 31);
    }
}
