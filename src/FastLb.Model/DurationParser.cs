// Reads the duration notation of the configuration file: "500ms", "2s", "1.5s", "1m", "1h".
using System.Globalization;

namespace FastLb.Model;

public static class DurationParser
{
    /// <summary>Parses a number followed by ms, s, m or h ("0" alone is also accepted).</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text == "0")
        {
            return true;
        }

        int unitStart = text.Length;
        while (unitStart > 0 && char.IsAsciiLetter(text[unitStart - 1]))
        {
            unitStart--;
        }

        string number = text[..unitStart];
        string unit = text[unitStart..];
        if (number.Length == 0 || !char.IsAsciiDigit(number[0]) || !char.IsAsciiDigit(number[^1])
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
        {
            return false;
        }

        decimal ticksPerUnit = unit switch
        {
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            _ => 0,
        };
        if (ticksPerUnit == 0)
        {
            return false;
        }

        // Compare before multiplying: the product of a long number and a unit can overflow decimal.
        if (amount > TimeSpan.MaxValue.Ticks / ticksPerUnit)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(amount * ticksPerUnit));
        return true;
    }

    /// <summary>Formats a duration the way it is written in the file, for error messages.</summary>
    public static string Format(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerSecond == 0
            ? $"{(long)value.TotalSeconds}s"
            : $"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
}
