// Who served each request of a traffic run, and when it started and ended, safe to read while it grows.
namespace FastLb.LabTests;

internal sealed class TrafficLog
{
    private readonly List<Entry> _entries = [];

    public void Add(TimeSpan started, TimeSpan finished, string? servedBy)
    {
        lock (_entries)
        {
            _entries.Add(new Entry(started, finished, servedBy));
        }
    }

    public int Count(Func<Entry, bool> match)
    {
        lock (_entries)
        {
            return _entries.Count(match);
        }
    }

    public IReadOnlyList<Entry> Snapshot()
    {
        lock (_entries)
        {
            return [.. _entries];
        }
    }

    /// <param name="ServedBy">The real that answered; null when the request failed.</param>
    public sealed record Entry(TimeSpan Started, TimeSpan Finished, string? ServedBy);
}
