// How late each check started against its due time, kept only while recording is on.
namespace FastLb.Bench.Health.Compare;

public sealed class LatenessRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;
    private volatile bool _on;

    public void Start() => _on = true;

    public void Stop() => _on = false;

    /// <summary>Called by the scheduler as each probe starts; lock-free, drops what does not fit.</summary>
    public void Observe(TimeSpan lateness)
    {
        if (!_on)
        {
            return;
        }
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _ticks.Length)
        {
            _ticks[i] = lateness.Ticks;
        }
    }

    /// <summary>p50, p99 and max in milliseconds, and how many were recorded.</summary>
    public Lateness Summary()
    {
        var n = Math.Min(Volatile.Read(ref _count), _ticks.Length);
        if (n == 0)
        {
            return new Lateness(0, double.NaN, double.NaN, double.NaN);
        }
        var sorted = _ticks[..n];
        Array.Sort(sorted);
        static double Ms(long ticks) => TimeSpan.FromTicks(ticks).TotalMilliseconds;
        return new Lateness(n, Ms(sorted[(int)((n - 1) * 0.50)]), Ms(sorted[(int)((n - 1) * 0.99)]), Ms(sorted[^1]));
    }
}
