using System.Text.Json;

namespace FastLb.Bench;

/// <summary>The frame every bench report shares: a markdown table, and the JSON document of a run and its rows.</summary>
public static class BenchReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// A markdown table: <paramref name="header"/>, the alignment row <paramref name="align"/>
    /// ("|---|---:|", right for figures), then <paramref name="rows"/>, each a whole "| … |" line.
    /// </summary>
    public static string Table(IEnumerable<string> header, string align, IEnumerable<string> rows) =>
        string.Join('\n', ["| " + string.Join(" | ", header) + " |", align, .. rows]) + "\n";

    /// <summary>{"run": …, "rows": […]}, indented, with a final newline.</summary>
    public static string Json<T>(object? run, IEnumerable<T> rows) =>
        JsonSerializer.Serialize(new { run, rows }, Indented) + "\n";
}
