// HTTP headers of a check: names compared without case, equal to another map with the same pairs in any order.
using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FastLb.Model;

public sealed class HeaderMap : IReadOnlyDictionary<string, string>, IEquatable<HeaderMap>
{
    private readonly Dictionary<string, string> _headers;

    public HeaderMap(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _headers = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
    }

    public static HeaderMap Empty { get; } = new([]);

    public int Count => _headers.Count;

    public IEnumerable<string> Keys => _headers.Keys;

    public IEnumerable<string> Values => _headers.Values;

    public string this[string key] => _headers[key];

    public static HeaderMap From(IEnumerable<KeyValuePair<string, string>> headers) => headers as HeaderMap ?? new(headers);

    public bool ContainsKey(string key) => _headers.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _headers.TryGetValue(key, out value);

    public bool Equals(HeaderMap? other) =>
        other is not null && Count == other.Count
        && _headers.All(h => other._headers.TryGetValue(h.Key, out var v) && v == h.Value);

    public override bool Equals(object? obj) => obj is HeaderMap other && Equals(other);

    public override int GetHashCode()
    {
        // Order-independent over the pairs.
        int hash = 0;
        foreach (var (key, value) in _headers)
        {
            hash ^= HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key), value);
        }

        return hash;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _headers.GetEnumerator();
}
