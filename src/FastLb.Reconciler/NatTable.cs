using System.Runtime.CompilerServices;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;

namespace FastLb.Reconciler;

/// <summary>
/// The NAT modes' reverse entries (reply 5-tuple -> <see cref="Nat"/>): two LRU hashes held by
/// fastlb_nats (<see cref="NatTab"/>), created with the first routed or transparent service, so a
/// balancer that only does DSR spends no kernel memory on them. The established table is sized like
/// the connection table (184 B an entry, 772 MB at the default size); the opening table, which holds
/// the entries of flows that have sent only SYNs, an eighth of that (at least 1,024 entries): a SYN
/// flood churns it and never evicts an established flow's entry, and a handshake needs its entry
/// for one round trip. Once created they stay until the program goes: entries of removed services age
/// out like any other. Tables a previous controller created are adopted from the (pinned) outer map.
/// Both keep one LRU list shared by the CPUs: with new flows on two CPUs at once it was no slower than
/// on one, and a list per CPU (<see cref="NoCommonLru"/>, <see cref="DataPlaneOptions.NatPerCpuLru"/>)
/// was slower and would split the entries by CPU (docs/per-packet-cost.md, "Two CPUs at once").
/// </summary>
public sealed class NatTable : IDisposable
{
    public const string OuterMap = "fastlb_nats";

    /// <summary>The opening table holds this fraction of the established table's entries.</summary>
    public const int OpeningShare = 8;

    /// <summary>The opening table's smallest size.</summary>
    public const int OpeningMin = 1024;

    /// <summary>BPF_F_NO_COMMON_LRU: an LRU list per CPU.</summary>
    public const uint NoCommonLru = 1u << 1;

    private readonly BpfMap _outer;
    private readonly int _entries;
    private readonly uint _flags;
    private BpfMap? _table;
    private BpfMap? _opening;

    /// <param name="flags">Map flags of the tables, those of fastlb_nats' inner template (<see cref="FlagsFor"/>).</param>
    public NatTable(BpfMap outer, int entries, uint flags = 0)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entries);
        _outer = outer;
        _entries = entries;
        _flags = flags;
        _table = outer.TryLookup((uint)NatTab.Established, out uint id) ? BpfMap.OpenById(id) : null;
        _opening = outer.TryLookup((uint)NatTab.Opening, out uint openingId) ? BpfMap.OpenById(openingId) : null;
    }

    /// <summary>fastlb_nats: <see cref="NatTab"/> -> the tables the program uses.</summary>
    public BpfMap Outer => _outer;

    /// <summary>The established table, once a NAT service has been configured (now or by a previous controller).</summary>
    public BpfMap? Map => _table;

    /// <summary>The opening table (flows that have sent only SYNs), with <see cref="Map"/>.</summary>
    public BpfMap? Opening => _opening;

    /// <summary>Entries the established table holds at most; 0 while there is none.</summary>
    public int Capacity => _table?.MaxEntries ?? 0;

    /// <summary>The tables' map flags under <paramref name="options"/>.</summary>
    public static uint FlagsFor(DataPlaneOptions options) => options.NatPerCpuLru ? NoCommonLru : 0;

    /// <summary>The opening table's size for an established table of <paramref name="entries"/>.</summary>
    public static int OpeningEntries(int entries) => Math.Max(OpeningMin, entries / OpeningShare);

    /// <summary>Creates the tables that are missing; the program finds them at once.</summary>
    public void Ensure()
    {
        // The opening table first: a program that finds the established one may be given a SYN.
        _opening ??= Create("fastlb_nat_open", OpeningEntries(_entries), NatTab.Opening);
        _table ??= Create("fastlb_nat", _entries, NatTab.Established);
    }

    private BpfMap Create(string name, int entries, NatTab key)
    {
        // Preallocated by the kernel: for millions of entries this takes a while, once.
        var table = BpfMap.Create(BpfMapType.LruHash, name, Unsafe.SizeOf<FlowKey>(), Unsafe.SizeOf<Nat>(), entries, _flags);
        try
        {
            _outer.Update((uint)key, table.Fd);
        }
        catch
        {
            table.Dispose();
            throw;
        }
        return table;
    }

    /// <summary>The reply's entry: the established table's, else the opening table's (as the program looks).</summary>
    public bool TryLookup(in FlowKey reply, out Nat nat) =>
        TryLookup(NatTab.Established, reply, out nat) || TryLookup(NatTab.Opening, reply, out nat);

    /// <summary>The reply's entry in one table.</summary>
    public bool TryLookup(NatTab table, in FlowKey reply, out Nat nat)
    {
        nat = default;
        return (table == NatTab.Opening ? _opening : _table)?.TryLookup(reply, out nat) ?? false;
    }

    /// <summary>Writes an entry into the established table.</summary>
    /// <exception cref="InvalidOperationException">No table: no NAT service was ever configured.</exception>
    public void Update(in FlowKey reply, in Nat nat) =>
        (_table ?? throw new InvalidOperationException("no NAT table: no routed or transparent service was configured")).Update(reply, nat);

    /// <summary>Deletes the reply's entry from both tables; true when one held it.</summary>
    public bool Delete(in FlowKey reply)
    {
        var established = _table?.Delete(reply) ?? false;
        var opening = _opening?.Delete(reply) ?? false;
        return established || opening;
    }

    public void Dispose()
    {
        _table?.Dispose();
        _opening?.Dispose();
    }
}
