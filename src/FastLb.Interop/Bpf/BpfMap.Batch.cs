// Many entries per syscall (bpf_map_update_batch / bpf_map_lookup_batch) and the key walk.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static FastLb.Interop.Errno;

namespace FastLb.Interop.Bpf;

public sealed partial class BpfMap
{
    /// <summary>Every key, walked with bpf_map_get_next_key (concurrent writers may cause repeats or misses).</summary>
    public IEnumerable<TKey> Keys<TKey>()
        where TKey : unmanaged
    {
        CheckKey<TKey>();
        return Walk();

        IEnumerable<TKey> Walk()
        {
            TKey? current = null;
            while (true)
            {
                if (!TryNextKey(current, out var next))
                {
                    yield break;
                }
                yield return next;
                current = next;
            }
        }
    }

    /// <summary>Writes all pairs in one syscall (bpf_map_update_batch); returns how many were written.</summary>
    public unsafe int UpdateBatch<TKey, TValue>(ReadOnlySpan<TKey> keys, ReadOnlySpan<TValue> values, MapUpdate flags = MapUpdate.Any)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequireNotPerCpu(nameof(UpdatePerCpu));
        if (keys.Length != values.Length)
        {
            throw new ArgumentException($"batch update of map '{Name}': {keys.Length} keys but {values.Length} values", nameof(values));
        }
        if (keys.IsEmpty)
        {
            return 0;
        }
        var count = (uint)keys.Length;
        var opts = new Interop.Libbpf.MapBatchOpts { Sz = (nuint)sizeof(Interop.Libbpf.MapBatchOpts), ElemFlags = (ulong)flags };
        fixed (TKey* k = keys)
        fixed (TValue* v = values)
        {
            if (Interop.Libbpf.BpfMapUpdateBatch(Fd, k, v, &count, &opts) != 0)
            {
                throw Error($"batch update of {keys.Length} entries ({count} written)", Marshal.GetLastPInvokeError());
            }
        }
        return (int)count;
    }

    /// <summary>Every entry, read with bpf_map_lookup_batch, <paramref name="batchSize"/> entries per syscall.</summary>
    public unsafe List<KeyValuePair<TKey, TValue>> LookupBatch<TKey, TValue>(int batchSize = 256)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        CheckKey<TKey>();
        CheckValue<TValue>();
        RequireNotPerCpu(nameof(LookupPerCpu));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var result = new List<KeyValuePair<TKey, TValue>>();
        // The batch cursor is opaque to us; the kernel uses at most a key's size (a bucket or index).
        var tokenSize = Math.Max(KeySize, sizeof(ulong));
        var inToken = new byte[tokenSize];
        var outToken = new byte[tokenSize];
        var first = true;
        var keys = new TKey[batchSize];
        var values = new TValue[batchSize];
        while (true)
        {
            var count = (uint)keys.Length;
            var opts = new Interop.Libbpf.MapBatchOpts { Sz = (nuint)sizeof(Interop.Libbpf.MapBatchOpts) };
            int rc;
            int errno;
            fixed (byte* inB = inToken)
            fixed (byte* outB = outToken)
            fixed (TKey* k = keys)
            fixed (TValue* v = values)
            {
                rc = Interop.Libbpf.BpfMapLookupBatch(Fd, first ? null : inB, outB, k, v, &count, &opts);
                errno = rc != 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            if (rc != 0 && (Errno)errno == ENOSPC && count == 0)
            {
                // A hash bucket holds more entries than fit: retry the same cursor with room for them.
                keys = new TKey[keys.Length * 2];
                values = new TValue[values.Length * 2];
                continue;
            }
            if (rc != 0 && (Errno)errno != ENOENT)
            {
                throw Error("batch lookup", errno);
            }
            for (var i = 0; i < count; i++)
            {
                result.Add(new KeyValuePair<TKey, TValue>(keys[i], values[i]));
            }
            if (rc != 0)
            {
                return result; // ENOENT: that was the last batch
            }
            outToken.CopyTo(inToken, 0);
            first = false;
        }
    }

    private unsafe bool TryNextKey<TKey>(TKey? current, out TKey next)
        where TKey : unmanaged
    {
        TKey result;
        int rc;
        if (current is { } c)
        {
            rc = Interop.Libbpf.BpfMapGetNextKey(Fd, &c, &result);
        }
        else
        {
            rc = Interop.Libbpf.BpfMapGetNextKey(Fd, null, &result);
        }
        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if ((Errno)errno == ENOENT)
            {
                next = default;
                return false;
            }
            throw Error("get next key", errno);
        }
        next = result;
        return true;
    }
}
