// Tests for the prime helpers used to size Maglev tables.

namespace FastLb.Scheduling.Tests;

public sealed class PrimesTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(251)]
    [InlineData(65537)]
    [InlineData(655373)]
    [InlineData(int.MaxValue)]
    public void IsPrime_Prime_ReturnsTrue(int n) => Assert.True(Primes.IsPrime(n));

    [Theory]
    [InlineData(-7)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(65536)]
    [InlineData(65535)]
    [InlineData(25)]
    public void IsPrime_NotPrime_ReturnsFalse(int n) => Assert.False(Primes.IsPrime(n));

    [Theory]
    [InlineData(-5, 2)]
    [InlineData(2, 2)]
    [InlineData(4, 5)]
    [InlineData(65536, 65537)]
    [InlineData(65537, 65537)]
    [InlineData(1000, 1009)]
    public void NextPrime_Input_ReturnsSmallestPrimeAtLeastInput(int n, int expected) =>
        Assert.Equal(expected, Primes.NextPrime(n));
}
