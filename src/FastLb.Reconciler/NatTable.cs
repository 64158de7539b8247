using System.Runtime.CompilerServices;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;

namespace FastLb.Reconciler;

/// <summary>
/// The NAT modes' reverse entries (reply 5-tuple -> <see cref="Nat"/>): an LRU hash held by
/// fastlb_nats, created with the first routed or transparent service and sized like the connection
/// table, so a balancer that only does DSR spends no kernel memory on it (184 B an entry, 772 MB
/// at the default size). Once created it stays until the program goes: entries of removed services
/// age out like any other. A table a previous controller created is adopted from the (pinned)
/// outer map.
/// </summary>
public sealed class NatTable : IDisposable
{
    public const string OuterMap = "fastlb_nats";

    private readonly BpfMap _outer;
    private readonly int _entries;
    private BpfMap? _table;

    public NatTable(BpfMap outer, int entries)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entries);
        _outer = outer;
        _entries = entries;
        _table = outer.TryLookup(0u, out uint id) ? BpfMap.OpenById(id) : null;
    }

    /// <summary>fastlb_nats: entry 0 names the table the program uses.</summary>
    public BpfMap Outer => _outer;

    /// <summary>The table, once a NAT service has been configured (now or by a previous controller).</summary>
    public BpfMap? Map => _table;

    /// <summary>Entries the table holds at most; 0 while there is none.</summary>
    public int Capacity => _table?.MaxEntries ?? 0;

    /// <summary>Creates the table if there is none; the program finds it at once.</summary>
    public void Ensure()
    {
        if (_table is not null)
        {
            return;
        }
        // Preallocated by the kernel: for millions of entries this takes a while, once.
        var table = BpfMap.Create(BpfMapType.LruHash, "fastlb_nat", Unsafe.SizeOf<FlowKey>(), Unsafe.SizeOf<Nat>(), _entries, 0);
        try
        {
            _outer.Update(0u, table.Fd);
        }
        catch
        {
            table.Dispose();
            throw;
        }
        _table = table;
    }

    public bool TryLookup(in FlowKey reply, out Nat nat)
    {
        if (_table is null)
        {
            nat = default;
            return false;
        }
        return _table.TryLookup(reply, out nat);
    }

    /// <exception cref="InvalidOperationException">No table: no NAT service was ever configured.</exception>
    public void Update(in FlowKey reply, in Nat nat) =>
        (_table ?? throw new InvalidOperationException("no NAT table: no routed or transparent service was configured")).Update(reply, nat);

    public bool Delete(in FlowKey reply) => _table?.Delete(reply) ?? false;

    public void Dispose() => _table?.Dispose();
}
