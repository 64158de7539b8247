namespace FastLb.Reconciler;

/// <summary>
/// Hands out small stable integers for string keys (service ids, real indices), so a key
/// keeps its slot in the BPF arrays across reloads; released slots are reused lowest first.
/// </summary>
public sealed class IndexAllocator
{
    private readonly Dictionary<string, uint> _byKey = new(StringComparer.Ordinal);
    private readonly SortedSet<uint> _free = [];
    private uint _next;

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
    /// <exception cref="InvalidOperationException">This allocator holds keys already, or an index is out of range or taken twice.</exception>
    public void Restore(IReadOnlyDictionary<string, uint> entries)
    {
        if (_byKey.Count > 0 || _next > 0)
        {
            throw new InvalidOperationException($"{What} allocation can only be restored into an empty allocator");
        }
        if (entries.Values.Distinct().Count() != entries.Count || entries.Values.Any(i => i >= Capacity))
        {
            throw new InvalidOperationException($"{What} allocation to restore has an index taken twice or beyond {Capacity - 1}");
        }
        foreach (var (key, index) in entries)
        {
            _byKey[key] = index;
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
        Version++;
        return index;
    }

    public bool TryGet(string key, out uint index) => _byKey.TryGetValue(key, out index);

    /// <summary>Releases every key not in <paramref name="live"/>; returns the freed indices.</summary>
    public IReadOnlyList<uint> RetainOnly(IReadOnlySet<string> live)
    {
        var gone = _byKey.Where(kv => !live.Contains(kv.Key)).ToList();
        foreach (var (key, index) in gone)
        {
            _byKey.Remove(key);
            _free.Add(index);
            Version++;
        }
        return gone.Select(kv => kv.Value).ToList();
    }
}
