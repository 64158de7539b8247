using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// The services as the data plane reads them, from three maps: fastlb_services (VIP key -> id,
/// inserted once and deleted, never rewritten: a hash map hands a replaced element to the next
/// update at once, while a program may still read it), fastlb_service_cfg (id × 2 + copy -> the
/// config) and fastlb_service_live (id -> live copy and the tag of the key naming the id, mmap'd).
/// A change writes the idle copy whole and then flips the live bit, so a packet sees its own
/// service's config, old or new. The live word also carries the tag of the key naming the id: an
/// established flow's packet finds its service by the id its flow entry holds, confirmed by the
/// tag, and a new flow's by the <see cref="VipIndex"/>, without the hash map.
/// </summary>
public sealed class ServiceTable : IDisposable
{
    private readonly BpfMap _ids;
    private readonly BpfMap _configs;
    private readonly BpfMap _live;
    private readonly MappedArray _liveWords;
    private readonly VipIndex? _index;
    private readonly bool _owned;

    /// <param name="index">The VIP filter, hints and keys; null only for readers (a pin set without them).</param>
    public ServiceTable(BpfMap ids, BpfMap configs, BpfMap live, VipIndex? index, bool owned = false)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(live);
        if (live.ValueSize != sizeof(uint))
        {
            throw new ArgumentException($"map '{live.Name}' holds {live.ValueSize}-byte values, not a u32 copy index", nameof(live));
        }
        (_ids, _configs, _live, _index, _owned) = (ids, configs, live, index, owned);
        _liveWords = MappedArray.Map(live);
    }

    public const string IdsMap = "fastlb_services";
    public const string ConfigsMap = "fastlb_service_cfg";
    public const string LiveMap = "fastlb_service_live";

    /// <summary>The maps an instance pinned in <paramref name="directory"/> (for commands run beside the controller).</summary>
    public static ServiceTable OpenPinned(string directory)
    {
        var maps = BpfMap.OpenPinned(directory, IdsMap, ConfigsMap, LiveMap);
        VipIndex? index = null;
        try
        {
            index = VipIndex.OpenPinned(directory);
            return new ServiceTable(maps[0], maps[1], maps[2], index, owned: true);
        }
        catch
        {
            index?.Dispose();
            Array.ForEach(maps, m => m.Dispose());
            throw;
        }
    }

    /// <summary>fastlb_services: VIP key -> service id.</summary>
    public BpfMap Ids => _ids;

    /// <summary>fastlb_service_cfg: id × 2 + copy -> <see cref="Service"/>.</summary>
    public BpfMap Configs => _configs;

    /// <summary>fastlb_service_live: id -> live copy.</summary>
    public BpfMap Live => _live;

    /// <summary>The VIP filter, hints and keys; null when opened from a pin set without them.</summary>
    public VipIndex? Index => _index;

    /// <summary>Service ids the maps hold (max-services).</summary>
    public int MaxEntries => _live.MaxEntries;

    /// <summary>Every VIP key that names a service.</summary>
    public IEnumerable<TKey> Keys<TKey>()
        where TKey : unmanaged => _ids.Keys<TKey>();

    public bool TryLookupId(in VipKey key, out uint id) => _ids.TryLookup(key, out id);

    /// <summary>The copy of <paramref name="id"/>'s config the data plane reads (0 or 1).</summary>
    public byte LiveCopy(uint id) => (byte)(_liveWords.Span[Word(id)] & AbiLimits.ServiceLiveCopy);

    /// <summary>The tag of the key naming <paramref name="id"/> as the data plane sees it (0: none).</summary>
    public uint Tag(uint id) => _liveWords.Span[Word(id)] >> AbiLimits.ServiceLiveTagShift;

    /// <summary>Copy <paramref name="copy"/> of <paramref name="id"/>'s config, as stored.</summary>
    public bool TryRead(uint id, uint copy, out Service value) => _configs.TryLookup(AbiLimits.ServiceCfg(id, copy), out value);

    /// <summary>The live config of the service at <paramref name="key"/>; false when there is none or its config names another id.</summary>
    public bool TryLookup(in VipKey key, out Service value)
    {
        value = default;
        return TryLookupId(key, out var id) && id < MaxEntries && TryRead(id, LiveCopy(id), out value) && value.Id == id;
    }

    /// <summary>
    /// Makes <paramref name="value"/> the live config of service <paramref name="value"/>.Id: its
    /// idle copy written whole, then the flip; then the id's key, filter count (a key not counted
    /// yet) and hint; then, for a key not in the map yet, the key; then the key's tag beside the live bit. A key held by another id is refused:
    /// its id must go first (Delete, a grace period, Clear).
    /// </summary>
    public void Update(in VipKey key, in Service value)
    {
        var id = value.Id;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, (uint)MaxEntries, nameof(value));
        var known = TryLookupId(key, out var held);
        if (known && held != id)
        {
            throw new InvalidOperationException($"fastlb_services maps {key.Address}:{key.HostPort}/{key.Proto} to service {held}, not {id}: remove it first");
        }
        var counted = known && Tag(id) != 0; // a key without its tag (maps of a version without tags) was not counted either
        Change(value);
        _index?.Add(key, id, count: !counted, stateless: (value.Flags & ServiceFlags.Stateless) != 0);
        if (!known)
        {
            _ids.Update(key, id, MapUpdate.NoExist);
        }
        _liveWords.Write(Word(id), (VipHash.Tag(VipIndex.Hash(key)) << AbiLimits.ServiceLiveTagShift) | LiveCopy(id));
    }

    /// <summary>
    /// Writes <paramref name="value"/> into the idle copy of its id, then flips the live byte to it:
    /// for a service whose key is in place (the writer knows; no lookup). The copy rewritten was
    /// live one flip ago, as with the ring copies: a packet that read the live byte before that flip
    /// may read this service's config half old, half new, never another service's.
    /// </summary>
    public void Change(in Service value)
    {
        var id = value.Id;
        var idle = (uint)(LiveCopy(id) ^ 1);
        _configs.Update(AbiLimits.ServiceCfg(id, idle), value);
        Thread.MemoryBarrier(); // the copy is whole before the flip names it
        _liveWords.Write(Word(id), (_liveWords.Span[Word(id)] & ~AbiLimits.ServiceLiveCopy) | idle);
    }

    /// <summary>
    /// Deletes the key: first its tag and its id's key and hint, so neither established nor new flows
    /// find the service without the hash map, then the key and its filter count. Programs that found
    /// the id may still read its config until a grace period has passed (then <see cref="Clear"/>).
    /// </summary>
    public bool Delete(in VipKey key)
    {
        if (TryLookupId(key, out var id) && id < MaxEntries)
        {
            _liveWords.Write(Word(id), LiveCopy(id));
            _index?.Remove(key, id);
        }
        if (!_ids.Delete(key))
        {
            return false;
        }
        _index?.Uncount(key);
        return true;
    }

    /// <summary>Zeroes both copies of <paramref name="id"/>'s config and its live byte: once no key names it and a grace period has passed.</summary>
    public void Clear(uint id)
    {
        _configs.Update(AbiLimits.ServiceCfg(id, 0), default(Service));
        _configs.Update(AbiLimits.ServiceCfg(id, 1), default(Service));
        _liveWords.Write(Word(id), 0);
        _index?.Clear(id);
    }

    public void Dispose()
    {
        _liveWords.Dispose();
        if (_owned)
        {
            _ids.Dispose();
            _configs.Dispose();
            _live.Dispose();
            _index?.Dispose();
        }
    }

    // The kernel lays array values 8 bytes apart: a u32 value is every other word.
    private int Word(uint id)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, (uint)MaxEntries, nameof(id));
        return (int)id * 2;
    }
}
