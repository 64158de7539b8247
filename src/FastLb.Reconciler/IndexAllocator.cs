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
        }
        return gone.Select(kv => kv.Value).ToList();
    }
}
