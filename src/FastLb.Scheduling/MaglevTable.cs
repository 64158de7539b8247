// Builds Maglev lookup tables (Eisenbud et al., NSDI 2016) with weights, as a pure function.
namespace FastLb.Scheduling;

/// <summary>
/// Maglev table builder. Each backend walks its own permutation of the slots
/// (offset = h1(key) mod M, skip = h2(key) mod (M-1) + 1) and claims the next free slot on
/// its turn. Weights decide the turns, as Katran does: in every round each backend adds its
/// weight to an accumulator, and takes a turn when the accumulator reaches the largest
/// weight (then subtracts it), so over the rounds backend i takes turns in proportion to
/// w_i / w_max. Backends are filled in ordinal key order, so the table depends on the keys
/// and weights only, never on the order of the input list.
/// </summary>
public static class MaglevTable
{
    /// <summary>Slot value when no backend has a positive weight.</summary>
    public const int Empty = -1;

    /// <summary>
    /// Returns a table of <paramref name="size"/> entries, each an index into
    /// <paramref name="backends"/>, or all -1 when no backend has weight &gt; 0.
    /// </summary>
    public static int[] Build(IReadOnlyList<MaglevBackend> backends, int size)
    {
        ArgumentNullException.ThrowIfNull(backends);
        if (!Primes.IsPrime(size))
        {
            throw new ArgumentException($"Maglev table size {size} is not a prime", nameof(size));
        }

        var table = new int[size];
        Array.Fill(table, Empty);

        // Order by key so that permuting the input list cannot change the result.
        var order = new List<int>(backends.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int maxWeight = 0;
        for (int i = 0; i < backends.Count; i++)
        {
            var backend = backends[i] ?? throw new ArgumentException($"backend {i} is null", nameof(backends));
            if (backend.Weight < 0)
            {
                throw new ArgumentException($"backend '{backend.Key}' has negative weight {backend.Weight}", nameof(backends));
            }

            if (!keys.Add(backend.Key))
            {
                throw new ArgumentException($"duplicate backend key '{backend.Key}'", nameof(backends));
            }

            if (backend.Weight > 0)
            {
                order.Add(i);
                maxWeight = Math.Max(maxWeight, backend.Weight);
            }
        }

        if (order.Count == 0)
        {
            return table;
        }

        order.Sort((a, b) => string.CompareOrdinal(backends[a].Key, backends[b].Key));

        int n = order.Count;
        var index = new int[n];
        var weight = new int[n];
        var next = new int[n]; // current position in each backend's permutation
        var skip = new int[n];
        var credit = new long[n];
        for (int j = 0; j < n; j++)
        {
            var backend = backends[order[j]];
            index[j] = order[j];
            weight[j] = backend.Weight;
            next[j] = (int)(StableHash.Hash64(backend.Key, StableHash.OffsetSeed) % (ulong)size);
            skip[j] = size == 2 ? 1 : (int)(StableHash.Hash64(backend.Key, StableHash.SkipSeed) % (ulong)(size - 1)) + 1;
        }

        int filled = 0;
        while (true)
        {
            for (int j = 0; j < n; j++)
            {
                credit[j] += weight[j];
                if (credit[j] < maxWeight)
                {
                    continue;
                }

                credit[j] -= maxWeight;
                int slot = next[j];
                while (table[slot] >= 0)
                {
                    slot += skip[j];
                    if (slot >= size)
                    {
                        slot -= size;
                    }
                }

                table[slot] = index[j];
                slot += skip[j];
                next[j] = slot >= size ? slot - size : slot;
                if (++filled == size)
                {
                    return table;
                }
            }
        }
    }
}
