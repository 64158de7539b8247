using FastLb.Lab;
using FastLb.Model;
using Microsoft.AspNetCore.Builder;

namespace FastLb.Host;

/// <summary>The end every demo shares: the totals line, where to look, the wait for Ctrl-C and the exit code.</summary>
public static class DemoEnding
{
    /// <summary>Prints the totals and the metrics address, stays up until <paramref name="stop"/> unless
    /// <see cref="DemoOptions.Once"/>, stops the controller and returns 0 when every real served and no request failed.</summary>
    public static async Task<int> FinishAsync(WebApplication app, FastLbConfig config, DemoOptions options, LabRunResult result,
        IReadOnlyList<LabHttpServer> servers, string tryCommand, TextWriter @out, CancellationTokenSource stop)
    {
        @out.WriteLine($"{"total",-8} {"",-15} {result.Succeeded,15} {servers.Sum(s => s.RequestCount),17}");
        if (result.Failures > 0)
        {
            @out.WriteLine($"{result.Failures} requests failed, first: {result.Errors.FirstOrDefault()}");
        }
        @out.WriteLine();
        @out.WriteLine($"metrics: {ControllerHost.ListenUrl(config.MetricsListen)}/metrics   status: {ControllerHost.ListenUrl(config.MetricsListen)}/status");
        if (!options.Once)
        {
            @out.WriteLine($"the lab stays up until Ctrl-C (try: {tryCommand})");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await app.StopAsync(CancellationToken.None);
        return result.Failures == 0 && result.ByIdentity.Count == servers.Count ? 0 : 1;
    }
}
