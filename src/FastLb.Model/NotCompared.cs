// A value carried by a record but left out of its equality (where a config was written, not what it says).
namespace FastLb.Model;

/// <summary>
/// Any two NotCompared values are equal and hash alike, so a record field of this type never
/// makes two records differ: a reload that only moves lines compares equal to the running config.
/// </summary>
public readonly struct NotCompared<T>(T value) : IEquatable<NotCompared<T>>
{
    public T Value { get; } = value;

    public bool Equals(NotCompared<T> other) => true;

    public override bool Equals(object? obj) => obj is NotCompared<T>;

    public override int GetHashCode() => 0;

    public static bool operator ==(NotCompared<T> left, NotCompared<T> right) => true;

    public static bool operator !=(NotCompared<T> left, NotCompared<T> right) => false;
}
