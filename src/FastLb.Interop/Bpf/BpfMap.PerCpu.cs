// Per-CPU maps: one value per possible CPU at each key.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static FastLb.Interop.Errno;

namespace FastLb.Interop.Bpf;

public sealed partial class BpfMap
{
    /// <summary>
    /// The values of every possible CPU at <paramref name="key"/> of a per-CPU map (index = CPU);
    /// an empty array if the key is absent.
    /// </summary>
    public unsafe TValue[] LookupPerCpu<TKey, TValue>(in TKey key)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequirePerCpu();
        var stride = PerCpuStride;
        var cpus = PossibleCpus;
        var buffer = new byte[stride * cpus];
        fixed (TKey* k = &key)
        fixed (byte* b = buffer)
        {
            if (Interop.Libbpf.BpfMapLookupElem(Fd, k, b) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if ((Errno)errno == ENOENT)
                {
                    return [];
                }
                throw Error("per-CPU lookup", errno);
            }
            var values = new TValue[cpus];
            for (var cpu = 0; cpu < cpus; cpu++)
            {
                values[cpu] = Unsafe.ReadUnaligned<TValue>(b + (cpu * stride));
            }
            return values;
        }
    }

    /// <summary>Writes one value per possible CPU at <paramref name="key"/> of a per-CPU map.</summary>
    public unsafe void UpdatePerCpu<TKey, TValue>(in TKey key, ReadOnlySpan<TValue> values, MapUpdate flags = MapUpdate.Any)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequirePerCpu();
        if (values.Length != PossibleCpus)
        {
            throw new ArgumentException($"map '{Name}' is per-CPU: give {PossibleCpus} values (one per possible CPU), not {values.Length}", nameof(values));
        }
        var stride = PerCpuStride;
        var buffer = new byte[stride * values.Length];
        fixed (TKey* k = &key)
        fixed (byte* b = buffer)
        {
            for (var cpu = 0; cpu < values.Length; cpu++)
            {
                Unsafe.WriteUnaligned(b + (cpu * stride), values[cpu]);
            }
            if (Interop.Libbpf.BpfMapUpdateElem(Fd, k, b, (ulong)flags) != 0)
            {
                throw Error($"per-CPU update ({flags})", Marshal.GetLastPInvokeError());
            }
        }
    }

    private int PerCpuStride => (ValueSize + 7) & ~7;
}
