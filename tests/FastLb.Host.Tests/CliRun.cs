// Runs the command line with its own writers: what a user would see on stdout and stderr.
using Xunit;

namespace FastLb.Host.Tests;

internal static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Cli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The command line refuses <paramref name="args"/>: exit 2, nothing on stdout, exactly <paramref name="stderr"/>.</summary>
    public static async Task AssertRefusedAsync(string[] stderr, params string[] args)
    {
        var (exit, stdout, err) = await RunAsync(args);
        Assert.Equal((2, ""), (exit, stdout));
        Assert.Equal(stderr, Lines(err));
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
