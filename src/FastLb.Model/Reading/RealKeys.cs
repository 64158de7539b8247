// The keys of a real and of a service's backup real.
namespace FastLb.Model.Reading;

internal static class RealKeys
{
    public static readonly KeyRow[] Real =
    [
        new("address", KeyType.RealAddress, Required: true),
        new("port", KeyType.Port),
        new("mac", KeyType.Mac),
        new("weight", KeyType.Int, 1) { Min = 0, Max = RealConfig.MaxWeight },
        new("name", KeyType.Text),
        new("check", KeyType.Structure),
    ];

    /// <summary>A backup takes every flow when it is used, so it has no weight.</summary>
    public static readonly KeyRow[] Backup = [.. Real.Where(row => row.Name != "weight")];
}
