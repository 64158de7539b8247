namespace FastLb.Reconciler;

/// <summary>
/// Hands out small stable integers for string keys (service ids, real indices), so a key
/// keeps its slot in the BPF arrays across reloads; released slots are reused lowest first.
/// </summary>
public sealed class IndexAllocator
{
    private readonly Dictionary<string, uint> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _generations = new(StringComparer.Ordinal);
    private readonly SortedSet<uint> _free = [];
    private uint _next;
    private uint _lastGeneration;

    public IndexAllocator(uint capacity, string what)
    {
        Capacity = capacity;
        What = what;
    }

    public uint Capacity { get; }

    public string What { get; }

    public int Count => _byKey.Count;

    /// <summary>Bumped by every change: lets a caller persist the allocation only when it moved.</summary>
    public long Version { get; private set; }

    /// <summary>Every key and its index, now.</summary>
    public IReadOnlyDictionary<string, uint> Entries => new Dictionary<string, uint>(_byKey, StringComparer.Ordinal);

    /// <summary>
    /// Takes over an allocation made by an earlier controller (adopting its pinned maps), so every
    /// key keeps its index; the holes below the highest index become free slots.
    /// </summary>
    /// <param name="generationOf">The generation an index held (e.g. fastlb_real.gen in the adopted map), so
    /// flows pinned under it stay valid; 0 or no function gives a fresh one.</param>
    /// <exception cref="InvalidOperationException">This allocator holds keys already, or an index is out of range or taken twice.</exception>
    public void Restore(IReadOnlyDictionary<string, uint> entries, Func<uint, uint>? generationOf = null)
    {
        if (_byKey.Count > 0 || _next > 0)
        {
            throw new InvalidOperationException($"{What} allocation can only be restored into an empty allocator");
        }
        if (entries.Values.Distinct().Count() != entries.Count || entries.Values.Any(i => i >= Capacity))
        {
            throw new InvalidOperationException($"{What} allocation to restore has an index taken twice or beyond {Capacity - 1}");
        }
        var held = entries.ToDictionary(e => e.Key, e => generationOf?.Invoke(e.Value) ?? 0u, StringComparer.Ordinal);
        _lastGeneration = held.Count == 0 ? 0 : held.Values.Max();
        foreach (var (key, index) in entries)
        {
            _byKey[key] = index;
            _generations[key] = held[key] != 0 ? held[key] : ++_lastGeneration;
        }
        _next = entries.Count == 0 ? 0 : entries.Values.Max() + 1;
        for (var i = 0u; i < _next; i++)
        {
            if (!entries.Values.Contains(i))
            {
                _free.Add(i);
            }
        }
        Version++;
    }

    /// <summary>The index of <paramref name="key"/>, allocating one if it has none.</summary>
    public uint Acquire(string key)
    {
        if (_byKey.TryGetValue(key, out var index))
        {
            return index;
        }
        if (_free.Count > 0)
        {
            index = _free.Min;
            _free.Remove(index);
        }
        else if (_next < Capacity)
        {
            index = _next++;
        }
        else
        {
            throw new InvalidOperationException($"no free {What} slot: the data plane holds at most {Capacity}");
        }
        _byKey[key] = index;
        _generations[key] = ++_lastGeneration;
        Version++;
        return index;
    }

    public bool TryGet(string key, out uint index) => _byKey.TryGetValue(key, out index);

    /// <summary>
    /// The generation of <paramref name="key"/>'s index: unique to this holding of the index (never 0,
    /// never repeated), so whatever was pinned to the index under an earlier key can tell.
    /// </summary>
    public uint GenerationOf(string key) =>
        _generations.TryGetValue(key, out var generation) ? generation : throw new KeyNotFoundException($"{What} '{key}' holds no index");

    /// <summary>Releases every key not in <paramref name="live"/>; returns the freed indices.</summary>
    public IReadOnlyList<uint> RetainOnly(IReadOnlySet<string> live)
    {
        var gone = _byKey.Where(kv => !live.Contains(kv.Key)).ToList();
        foreach (var (key, index) in gone)
        {
            _byKey.Remove(key);
            _generations.Remove(key);
            _free.Add(index);
            Version++;
        }
        return gone.Select(kv => kv.Value).ToList();
    }
}
