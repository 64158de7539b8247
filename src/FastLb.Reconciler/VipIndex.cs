using System.Runtime.InteropServices;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// What lets the data plane find a service without its hash map (bpf/lib/vip_filter.h, service.h):
/// fastlb_vip_filter counts the service keys by hash (mmap'd bytes), fastlb_vip_hint names one
/// service id per counter (mmap'd), fastlb_service_key holds each id's key, which a hint is checked
/// against. A key is written before any hint names its id and cleared before it leaves the service
/// map, so a stale hint never confirms. A service key is counted before it enters the service map
/// and uncounted after it left (<see cref="ServiceTable"/>): the program takes the filter's "no" as
/// final, so a key in the map that the filter did not count would be a service no packet reaches.
/// </summary>
public sealed class VipIndex : IDisposable
{
    public const string FilterMap = "fastlb_vip_filter";
    public const string HintMap = "fastlb_vip_hint";
    public const string KeysMap = "fastlb_service_key";

    private readonly BpfMap _filter;
    private readonly BpfMap _hints;
    private readonly BpfMap _keys;
    private readonly MappedArray _filterWords;
    private readonly MappedArray _hintWords;
    private readonly bool _owned;

    public VipIndex(BpfMap filter, BpfMap hints, BpfMap keys, bool owned = false)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(hints);
        ArgumentNullException.ThrowIfNull(keys);
        if (filter.ValueSize * filter.MaxEntries != AbiLimits.VipFilterWords * sizeof(ulong) || hints.MaxEntries != AbiLimits.VipFilterWords * 8)
        {
            throw new ArgumentException($"maps '{filter.Name}' ({filter.MaxEntries} × {filter.ValueSize} bytes) and '{hints.Name}' ({hints.MaxEntries} entries) do not hold {AbiLimits.VipFilterWords * 8} counters", nameof(filter));
        }
        (_filter, _hints, _keys, _owned) = (filter, hints, keys, owned);
        _filterWords = MappedArray.Map(filter);
        _hintWords = MappedArray.Map(hints);
    }

    /// <summary>The three maps pinned in <paramref name="directory"/>, or null when the pin set has none of them (an earlier version's).</summary>
    public static VipIndex? OpenPinned(string directory)
    {
        string[] names = [FilterMap, HintMap, KeysMap];
        if (!names.All(n => File.Exists(Path.Combine(directory, n))))
        {
            return null;
        }
        var maps = BpfMap.OpenPinned(directory, names);
        try
        {
            return new VipIndex(maps[0], maps[1], maps[2], owned: true);
        }
        catch
        {
            Array.ForEach(maps, m => m.Dispose());
            throw;
        }
    }

    /// <summary>fastlb_vip_filter.</summary>
    public BpfMap Filter => _filter;

    /// <summary>fastlb_vip_hint.</summary>
    public BpfMap Hints => _hints;

    /// <summary>fastlb_service_key.</summary>
    public BpfMap Keys => _keys;

    /// <summary>vip_hash of a service key.</summary>
    public static uint Hash(in VipKey key) => VipHash.Of(MemoryMarshal.AsBytes(new ReadOnlySpan<VipKey>(in key)));

    /// <summary>How many service keys the filter counts under <paramref name="key"/>'s hash.</summary>
    public byte Count(in VipKey key) => FilterBytes[VipHash.Counter(Hash(key))];

    /// <summary>The id the hint under <paramref name="key"/>'s hash names, or null.</summary>
    public uint? Hint(in VipKey key) => HintValue(_hintWords.Span[HintWord(Hash(key))]) is var h and not 0 ? h - 1 : null;

    /// <summary>Whether the hint under <paramref name="key"/>'s hash says its service is stateless.</summary>
    public bool HintStateless(in VipKey key) => (_hintWords.Span[HintWord(Hash(key))] & (uint)VipHintFlags.Stateless) != 0;

    /// <summary>The key fastlb_service_key holds for <paramref name="id"/> (zero: none).</summary>
    public VipKey KeyOf(uint id) => _keys.TryLookup(id, out VipKey key) ? key : default;

    /// <summary>
    /// Service <paramref name="id"/> is named by <paramref name="key"/>: its key first, then its count
    /// (when <paramref name="count"/>) and the hint, flagged when the service is <paramref name="stateless"/>.
    /// </summary>
    public void Add(in VipKey key, uint id, bool count, bool stateless = false)
    {
        _keys.Update(id, key);
        var hash = Hash(key);
        if (count)
        {
            CountKey(hash, +1);
        }
        Thread.MemoryBarrier(); // the key is in place before a hint names the id
        _hintWords.Write(HintWord(hash), (id + 1) | (stateless ? (uint)VipHintFlags.Stateless : 0));
    }

    /// <summary>
    /// <paramref name="key"/> stops naming <paramref name="id"/>: its key cleared first (no hint
    /// confirms any more), then the hint if it names the id. Its count goes with the service map's key (<see cref="Uncount"/>).
    /// </summary>
    public void Remove(in VipKey key, uint id)
    {
        _keys.Update(id, default(VipKey));
        var word = HintWord(Hash(key));
        if (HintValue(_hintWords.Span[word]) == id + 1)
        {
            _hintWords.Write(word, 0);
        }
    }

    /// <summary>One key fewer under <paramref name="key"/>'s hash.</summary>
    public void Uncount(in VipKey key) => CountKey(Hash(key), -1);

    /// <summary>Zeroes <paramref name="id"/>'s key (an id cleared after its grace period).</summary>
    public void Clear(uint id) => _keys.Update(id, default(VipKey));

    public void Dispose()
    {
        _filterWords.Dispose();
        _hintWords.Dispose();
        if (_owned)
        {
            _filter.Dispose();
            _hints.Dispose();
            _keys.Dispose();
        }
    }

    // Counter i of the filter is byte i of its little-endian words.
    private Span<byte> FilterBytes => MemoryMarshal.AsBytes(_filterWords.Span);

    // 1 + the id a hint word names (0: none), without its flags.
    private static uint HintValue(uint word) => word & ~(uint)VipHintFlags.Stateless;

    // A hint is a u32 value, laid 8 bytes apart by the kernel.
    private static int HintWord(uint hash) => VipHash.Counter(hash) * 2;

    // One byte store; a stuck counter stays (its keys are no longer known apart), which only costs
    // the packets it covers a connection-table lookup.
    private void CountKey(uint hash, int delta)
    {
        ref var count = ref FilterBytes[VipHash.Counter(hash)];
        if (count == AbiLimits.VipFilterStuck || (delta < 0 && count == 0))
        {
            return;
        }
        Volatile.Write(ref count, (byte)(count + delta));
    }
}
