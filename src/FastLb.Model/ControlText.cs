// Control characters in user text: found (names must not hold them) and escaped (messages quote them safely).
using System.Globalization;
using System.Text;

namespace FastLb.Model;

public static class ControlText
{
    /// <summary>True when <paramref name="text"/> holds a control character or a line/paragraph separator.</summary>
    public static bool HasControl(string text) => text.Any(IsControl);

    /// <summary>
    /// The text with every control character written as an escape (\n, \r, \t, \0, \u001b), so a
    /// quoted value cannot start a new line in the output or move the terminal's cursor.
    /// </summary>
    public static string Escape(string text)
    {
        if (!HasControl(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
}
