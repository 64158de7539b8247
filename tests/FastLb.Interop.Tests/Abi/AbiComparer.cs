using System.Reflection;
using System.Runtime.CompilerServices;

namespace FastLb.Interop.Tests.Abi;

/// <summary>Compares a C# struct with its C original in BTF: size, member names (snake_case to PascalCase), offsets and sizes.</summary>
internal static class AbiComparer
{
    /// <summary>Every difference, one line each; empty when the layouts match.</summary>
    public static List<string> Differences(Type type, BtfStruct c)
    {
        var errors = new List<string>();
        var size = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;
        if (size != c.Size)
        {
            errors.Add($"{type.Name}: size {size}, struct {c.Name}: {c.Size}");
        }
        var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (fields.Length != c.Members.Count)
        {
            errors.Add($"{type.Name}: {fields.Length} fields, struct {c.Name}: {c.Members.Count} members");
        }
        foreach (var member in c.Members)
        {
            var name = Pascal(member.Name);
            var field = fields.FirstOrDefault(f => f.Name == name);
            if (field is null)
            {
                errors.Add($"{type.Name}: no field {name} for {c.Name}.{member.Name}");
                continue;
            }
            var offset = (int)Marshal.OffsetOf(type, name);
            if (offset != member.Offset)
            {
                errors.Add($"{type.Name}.{name}: offset {offset}, {c.Name}.{member.Name}: {member.Offset}");
            }
            var fieldSize = Marshal.SizeOf(field.FieldType.IsEnum ? Enum.GetUnderlyingType(field.FieldType) : field.FieldType);
            if (fieldSize != member.Size)
            {
                errors.Add($"{type.Name}.{name}: size {fieldSize}, {c.Name}.{member.Name}: {member.Size}");
            }
        }
        return errors;
    }

    /// <summary>"refreshed_ns" -> "RefreshedNs"; "TX_FORWARD" -> "TxForward".</summary>
    public static string Pascal(string snake) => string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()));
}
