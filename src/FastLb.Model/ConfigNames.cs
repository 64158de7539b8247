// The names the config file, the command line and the metric labels give an enum's members: the
// member name in kebab case (DsrL2 -> dsr-l2, TcpHalfOpen -> tcp-half-open), so a new member is
// named by being declared.
using System.Text;

namespace FastLb.Model;

public static class ConfigNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly (string Name, TEnum Value)[] Table = Members();

    private static readonly Dictionary<TEnum, string> ByValue = Table.ToDictionary(c => c.Value, c => c.Name);

    /// <summary>Every member in value order with its name; for a [Flags] enum only the single flags (not None or All).</summary>
    public static IReadOnlyList<(string Name, TEnum Value)> All => Table;

    /// <summary><see cref="All"/> as a key table's choices.</summary>
    internal static IReadOnlyList<(string Name, object Value)> Choices { get; } = [.. Table.Select(c => (c.Name, (object)c.Value))];

    public static string Of(TEnum value) => ByValue.TryGetValue(value, out var name) ? name : Kebab(value.ToString());

    public static bool TryParse(string name, out TEnum value)
    {
        foreach (var c in Table)
        {
            if (c.Name == name)
            {
                value = c.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static (string, TEnum)[] Members()
    {
        var flags = typeof(TEnum).IsDefined(typeof(FlagsAttribute), inherit: false);
        return
        [
            .. Enum.GetValues<TEnum>()
                .Where(v => !flags || ulong.IsPow2(Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture)))
                .Select(v => (Kebab(v.ToString()), v)),
        ];
    }

    private static string Kebab(string member)
    {
        var name = new StringBuilder(member.Length + 4);
        foreach (var c in member)
        {
            if (char.IsUpper(c) && name.Length > 0)
            {
                name.Append('-');
            }
            name.Append(char.ToLowerInvariant(c));
        }
        return name.ToString();
    }
}
