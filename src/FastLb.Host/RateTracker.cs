namespace FastLb.Host;

/// <summary>
/// Per-second rates from successive counter reads: each key's rate is its increase over the
/// last interval of at least <see cref="MinInterval"/>; until two reads exist, no rate (0).
/// </summary>
public sealed class RateTracker
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private Dictionary<string, ulong> _previous = [];
    private long _previousAt;
    private Dictionary<string, double> _rates = [];

    public RateTracker(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Feeds the current counters; returns the rates as of the last completed interval.</summary>
    public IReadOnlyDictionary<string, double> Update(IReadOnlyDictionary<string, ulong> counters)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_previous.Count == 0)
            {
                _previous = new(counters);
                _previousAt = now;
                return _rates;
            }
            var elapsed = _time.GetElapsedTime(_previousAt, now);
            if (elapsed < MinInterval)
            {
                return _rates;
            }
            _rates = counters.ToDictionary(
                kv => kv.Key,
                kv => _previous.TryGetValue(kv.Key, out var before) && kv.Value >= before ? (kv.Value - before) / elapsed.TotalSeconds : 0);
            _previous = new(counters);
            _previousAt = now;
            return _rates;
        }
    }
}
