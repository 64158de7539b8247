// Times one run: an unmeasured warm-up, then counts and CPU read at both ends of the measured window.
namespace FastLb.Bench.Health;

public static class Window
{
    public static async Task<RunResult> MeasureAsync(string name, Func<ProbeCounts> counts, BenchOptions options)
    {
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds)).ConfigureAwait(false);
        var before = counts();
        var start = CpuSample.Take();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds)).ConfigureAwait(false);
        var end = CpuSample.Take();
        var after = counts();
        return RunResult.Between(name, before, after, start, end);
    }
}
