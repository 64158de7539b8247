// The order in which weighted round robin hands out new flows: smooth weighted round robin, as a pure function.
namespace FastLb.Scheduling;

/// <summary>
/// Smooth weighted round robin (as in nginx): every step each backend adds its weight to its
/// current value, the largest current value (first on ties) is chosen and loses the total weight.
/// Over one period of sum(weights) steps backend i appears exactly w_i times, spread out rather
/// than in runs (weights 5,1,1 give a a b a c a a, not a a a a a b c). Weights are first divided by
/// their greatest common divisor; a period longer than <c>maxLength</c> is shortened by scaling the
/// weights down in proportion (each at least 1), so ratios are kept as closely as the length allows.
/// </summary>
public static class SmoothWeightedSequence
{
    /// <summary>Indices into <paramref name="weights"/>; backends of weight 0 never appear. Empty when all are 0.</summary>
    public static int[] Build(IReadOnlyList<int> weights, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (weights.Any(w => w < 0))
        {
            throw new ArgumentException("weights must not be negative", nameof(weights));
        }
        var w = Reduce(weights, maxLength);
        long total = w.Sum(x => (long)x);
        if (total == 0)
        {
            return [];
        }
        var current = new long[w.Length];
        var sequence = new int[total];
        for (var step = 0; step < total; step++)
        {
            var best = -1;
            for (var i = 0; i < w.Length; i++)
            {
                if (w[i] == 0)
                {
                    continue;
                }
                current[i] += w[i];
                if (best < 0 || current[i] > current[best])
                {
                    best = i;
                }
            }
            current[best] -= total;
            sequence[step] = best;
        }
        return sequence;
    }

    // Divided by the gcd; then, while too long, scaled to fit (positive weights stay >= 1).
    private static int[] Reduce(IReadOnlyList<int> weights, int maxLength)
    {
        var gcd = weights.Where(x => x > 0).Aggregate(0, Gcd);
        var w = weights.Select(x => gcd == 0 ? 0 : x / gcd).ToArray();
        long total = w.Sum(x => (long)x);
        var positive = w.Count(x => x > 0);
        if (positive > maxLength)
        {
            throw new ArgumentException($"{positive} backends do not fit a sequence of {maxLength}", nameof(maxLength));
        }
        while (total > maxLength)
        {
            // Scale so the total lands at or under maxLength; the floor of 1 may overshoot, so repeat.
            var factor = (double)(maxLength - positive) / (total - positive);
            w = w.Select(x => x == 0 ? 0 : 1 + (int)((x - 1) * factor)).ToArray();
            total = w.Sum(x => (long)x);
        }
        return w;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
