// A read-only list equal to another with the same items in the same order, so records holding one get right equality.
using System.Collections;

namespace FastLb.Model;

/// <summary>
/// An immutable copy of a sequence with value equality (item by item, in order). A record's
/// compiler-generated Equals compares it by content, not by reference.
/// </summary>
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly T[] _items;

    public EquatableList(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
    }

    public static EquatableList<T> Empty { get; } = new([]);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    /// <summary>Wraps <paramref name="items"/> unless it already is an EquatableList.</summary>
    public static EquatableList<T> From(IEnumerable<T> items) => items as EquatableList<T> ?? new(items);

    public T[] ToArray() => [.. _items];

    public bool Equals(EquatableList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is EquatableList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
