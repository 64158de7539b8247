using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using FastLb.Interop;
using FastLb.Interop.Bpf;
using FastLb.Wire;

namespace FastLb.Bench;

/// <summary>
/// bpf/bench/ref_balancer.bpf.c loaded and filled: the published design of the best-known open XDP
/// balancer (a per-CPU LRU connection table, a 65,537-slot hash ring per VIP, IPIP to a fixed next
/// hop), the yardstick FastLb's L3 DSR rows are compared with in the same run. One IPv4 VIP; its
/// ring spreads the reals in turn.
/// </summary>
public sealed class ReferenceBalancer : IDisposable
{
    public const int RingSize = 65537;

    /// <summary>The path a reference row proves: the per-VIP counter, which a frame reaches once its real is chosen, just before its encapsulation.</summary>
    public const string PathName = "reference: to a real";

    // ref_stats slots REF_S_LRU and REF_S_LRU_MISS, past the REF_VIPS (16) per-VIP ones.
    private const uint LruSlot = 16;
    private const uint MissSlot = 17;
    private readonly BpfObject _object;

    private ReferenceBalancer(BpfObject obj) => _object = obj;

    public BpfProgram Program => _object.Program("ref_balancer");

    /// <summary>Loads the program with one VIP over <paramref name="reals"/>, frames leaving for <paramref name="nextHop"/>.</summary>
    public static ReferenceBalancer Load(IPAddress vip, ushort port, byte protocol, IReadOnlyList<IPAddress> reals, MacAddress nextHop)
    {
        ArgumentOutOfRangeException.ThrowIfZero(reals.Count);
        var obj = BpfObject.Open(NativePaths.BpfObject("ref_balancer"));
        try
        {
            obj.Load();
            obj.Map("ref_vips").Update(new RefVip(Be32(vip), BinaryPrimitives.ReverseEndianness(port), protocol), new RefVipMeta(0, 0));
            for (var i = 0; i < reals.Count; i++)
            {
                obj.Map("ref_reals").Update((uint)i, new RefReal(Be32(reals[i]), 0));
            }
            var slots = Enumerable.Range(0, RingSize).Select(i => (uint)i).ToArray();
            var positions = slots.Select(i => i % (uint)reals.Count).ToArray();
            obj.Map("ref_ring").UpdateBatch<uint, uint>(slots, positions);
            var ctl = new RefCtl();
            nextHop.WriteTo(MemoryMarshal.AsBytes(new Span<RefCtl>(ref ctl)));
            obj.Map("ref_ctl").Update(0u, ctl);
            return new ReferenceBalancer(obj);
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }

    /// <summary>The program's counters summed over CPUs: see <see cref="ReferenceCounters"/>.</summary>
    public ReferenceCounters Counters()
    {
        var stats = _object.Map("ref_stats");
        (ulong V1, ulong V2) Sum(uint slot)
        {
            ulong v1 = 0, v2 = 0;
            foreach (var c in stats.LookupPerCpu<uint, RefCounters>(slot))
            {
                v1 += c.V1;
                v2 += c.V2;
            }
            return (v1, v2);
        }
        var lru = Sum(LruSlot);
        var miss = Sum(MissSlot);
        return new ReferenceCounters(lru.V1, lru.V2, miss.V1, miss.V2, Sum(0).V1);
    }

    public void Dispose() => _object.Dispose();

    private static uint Be32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 4)
        {
            throw new ArgumentException($"{address}: the reference balancer is IPv4 only", nameof(address));
        }
        return MemoryMarshal.Read<uint>(bytes);
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct RefVip(uint Addr, ushort Port, byte Proto, byte Pad = 0);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct RefVipMeta(uint Flags, uint Num);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct RefReal(uint Addr, uint Flags);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct RefCounters(ulong V1, ulong V2);

    [StructLayout(LayoutKind.Sequential, Size = 8)]
    private struct RefCtl
    {
        public ulong Mac;
    }
}

/// <summary>
/// ref_balancer's counters summed over CPUs: Packets reached the table step, Misses were scheduled
/// anew (SynMisses and OtherMisses of them TCP), ToReal had a real chosen (the per-VIP counter).
/// </summary>
public readonly record struct ReferenceCounters(ulong Packets, ulong Misses, ulong SynMisses, ulong OtherMisses, ulong ToReal);
