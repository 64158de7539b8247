// The values read from one section by its key table: defaults filled, failed keys left empty.
namespace FastLb.Model.Reading;

internal sealed class SectionValues
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public void Set(string key, object? value) => _values[key] = value;

    /// <summary>The value, or null when the key was invalid (or missing and required).</summary>
    public T? Value<T>(string key)
        where T : struct => _values.TryGetValue(key, out var v) && v is T t ? t : null;

    public T? Ref<T>(string key)
        where T : class => _values.TryGetValue(key, out var v) ? v as T : null;
}
