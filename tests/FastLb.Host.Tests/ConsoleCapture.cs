// Redirects Console.Out and Console.Error for one call and restores them afterwards.
namespace FastLb.Host.Tests;

internal static class ConsoleCapture
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(Func<Task<int>> run)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = await run();
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
