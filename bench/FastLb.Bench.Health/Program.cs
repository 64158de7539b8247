// Benchmark of the health scheduler: checks per second and CPU with many tcp targets, against a plain socket loop;
// `haproxy-compare`: FastLb's checker beside HAProxy on the same nginx targets.
using FastLb.Bench.Health;
using FastLb.Bench.Health.Compare;

if (args.FirstOrDefault() == "haproxy-compare")
{
    return await CompareProgram.RunAsync(args[1..]);
}

if (!BenchArgs.TryParse(() => BenchOptions.Parse(args), out var options))
{
    return BenchArgs.UsageError;
}

var when = DateTimeOffset.UtcNow;
var machine = MachineInfo.Read();
var command = "dotnet run -c Release --project bench/FastLb.Bench.Health" + (args.Length == 0 ? "" : " -- " + string.Join(' ', args));
var runs = new List<RunResult>();
long accepted;
await using (var listeners = LoopbackListeners.Open(options.Listeners))
{
    Console.Error.WriteLine($"{options.Targets} targets over {listeners.EndPoints.Count} listeners, {options.WarmupSeconds}+{options.Seconds} s per run");
    runs.Add(await SchedulerRun.RunAsync(options, listeners.EndPoints));
    Console.Error.WriteLine($"A done: {runs[^1].ChecksPerSecond:N0}/s");
    // The plain loops connect: a baseline for tcp checks only.
    if (options.Type == FastLb.Model.CheckType.Tcp)
    {
        await Settle();
        runs.Add(await BaselineRun.RunAsync("B: plain loop, paced to the wanted rate", options, listeners.EndPoints, paced: true));
        Console.Error.WriteLine($"B done: {runs[^1].ChecksPerSecond:N0}/s");
        await Settle();
        runs.Add(await BaselineRun.RunAsync("C: plain loop, unpaced (ceiling)", options, listeners.EndPoints, paced: false));
        Console.Error.WriteLine($"C done: {runs[^1].ChecksPerSecond:N0}/s");
    }
    accepted = listeners.Accepted;
}

var report = Report.Render(options, machine, command, when, runs, accepted);
Console.Write(report);
if (options.Out is { } path)
{
    File.WriteAllText(path, report);
}
return 0;

// Lets the previous run's garbage and closing sockets go before the next is measured.
static async Task Settle()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    await Task.Delay(TimeSpan.FromSeconds(1));
}
