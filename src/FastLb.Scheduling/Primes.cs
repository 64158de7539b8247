// Prime helpers for Maglev table sizes.
namespace FastLb.Scheduling;

public static class Primes
{
    public static bool IsPrime(int n)
    {
        if (n < 2)
        {
            return false;
        }

        if (n % 2 == 0)
        {
            return n == 2;
        }

        for (int d = 3; (long)d * d <= n; d += 2)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The smallest prime that is at least <paramref name="n"/>.</summary>
    public static int NextPrime(int n)
    {
        if (n <= 2)
        {
            return 2;
        }

        // The largest prime below int.MaxValue is int.MaxValue itself (2^31 - 1).
        for (int candidate = n; ; candidate++)
        {
            if (IsPrime(candidate))
            {
                return candidate;
            }
        }
    }
}
