// Argument parsing both benchmark commands share: option values, bounded whole numbers, and the
// usage error (stderr, exit code 2) for anything they refuse.
using System.Globalization;

namespace FastLb.Bench.Health;

internal static class BenchArgs
{
    /// <summary>The exit code for arguments a command refuses.</summary>
    public const int UsageError = 2;

    /// <summary>Runs <paramref name="parse"/>; on an <see cref="ArgumentException"/> writes its message to stderr and returns false.</summary>
    public static bool TryParse<T>(Func<T> parse, out T options)
    {
        try
        {
            options = parse();
            return true;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            options = default!;
            return false;
        }
    }

    /// <summary>The value after option <c>args[i]</c>; moves <paramref name="i"/> onto it.</summary>
    public static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");

    public static int Int(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} takes whole numbers from {min} to {max}, not '{text}'");
}
