// Waiting for an event in a test: poll a condition against a deadline, never sleep a guessed time.
namespace FastLb.Testing;

public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="intervalMs"/> ms; fails naming <paramref name="what"/> once <paramref name="bound"/> has passed.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan bound, int intervalMs = 20)
    {
        using var cts = new CancellationTokenSource(bound);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"not within {bound.TotalSeconds} s: {what}");
            }
            await Task.Delay(intervalMs, CancellationToken.None);
        }
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, string, TimeSpan, int)"/>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan bound, int intervalMs = 20) =>
        UntilAsync(() => Task.FromResult(condition()), what, bound, intervalMs);
}
