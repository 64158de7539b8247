using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastLb.Reconciler;

/// <summary>The saved index allocation: service key to service id, real key to real index.</summary>
public sealed record IndexFile(IReadOnlyDictionary<string, uint> Services, IReadOnlyDictionary<string, uint> Reals)
{
    public static string Write(IReadOnlyDictionary<string, uint> services, IReadOnlyDictionary<string, uint> reals)
    {
        var root = new JsonObject
        {
            ["services"] = ToJson(services),
            ["reals"] = ToJson(reals),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Null for anything but a well-formed file: a damaged one means starting a fresh allocation.</summary>
    public static IndexFile? TryRead(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject root
                || root["services"] is not JsonObject services || root["reals"] is not JsonObject reals)
            {
                return null;
            }
            return new IndexFile(FromJson(services), FromJson(reals));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, uint> entries)
    {
        var o = new JsonObject();
        foreach (var (key, index) in entries.OrderBy(e => e.Value))
        {
            o[key] = index;
        }
        return o;
    }

    private static Dictionary<string, uint> FromJson(JsonObject o) =>
        o.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<uint>() ?? throw new FormatException($"index of '{kv.Key}' is null"), StringComparer.Ordinal);
}
