// Reads a markdown pipe table back into cells, refusing anything that is not one.
namespace FastLb.Bench.Tests;

internal static class MarkdownTable
{
    /// <summary>Header cells and body rows; throws when a line is not a row or a row has another cell count.</summary>
    public static (string[] Header, string[][] Rows) Parse(string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        if (lines.Length < 2)
        {
            throw new FormatException($"a table needs a header and a separator line, got {lines.Length} line(s)");
        }
        var header = Cells(lines[0]);
        var separator = Cells(lines[1]);
        if (separator.Length != header.Length || !separator.All(c => c.Trim(':').Length >= 3 && c.Trim(':').All(ch => ch == '-')))
        {
            throw new FormatException($"line 2 is not a separator for {header.Length} columns: {lines[1]}");
        }
        var rows = lines.Skip(2).Select((l, i) =>
        {
            var cells = Cells(l);
            return cells.Length == header.Length ? cells : throw new FormatException($"line {i + 3} has {cells.Length} cells, not {header.Length}: {l}");
        }).ToArray();
        return (header, rows);
    }

    private static string[] Cells(string line)
    {
        if (!line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("|-", StringComparison.Ordinal) || !line.EndsWith('|'))
        {
            throw new FormatException($"not a table row: {line}");
        }
        return [.. line[1..^1].Split('|').Select(c => c.Trim())];
    }
}
