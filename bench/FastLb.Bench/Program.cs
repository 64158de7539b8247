// FastLb benchmarks. `xdp`: the data plane through BPF_PROG_TEST_RUN beside baselines (root);
// `maglev`, `planner`, `scheduler` or `controller` (all three): BenchmarkDotNet on the controller.
using System.Runtime.InteropServices;
using FastLb.Bench;

var command = args.FirstOrDefault() ?? "xdp";
if (command == "controller" || ControllerBenchmarks.ByName.ContainsKey(command))
{
    var dirIndex = Array.IndexOf(args, "--out-dir");
    var dir = dirIndex > 0 && dirIndex + 1 < args.Length ? args[dirIndex + 1] : null;
    var names = command == "controller" ? [.. ControllerBenchmarks.ByName.Keys] : new[] { command };
    return ControllerBenchmarks.Run(names, dir, "dotnet run -c Release --project bench/FastLb.Bench -- " + string.Join(' ', args));
}
if (command != "xdp")
{
    Console.Error.WriteLine("usage: FastLb.Bench xdp [--smoke] [--out FILE] [--json FILE] | maglev|planner|scheduler|controller [--out-dir DIR]");
    return 2;
}
var smoke = args.Contains("--smoke");
var outIndex = Array.IndexOf(args, "--out");
var outPath = outIndex > 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null;
var jsonIndex = Array.IndexOf(args, "--json");
var jsonPath = jsonIndex > 0 && jsonIndex + 1 < args.Length ? args[jsonIndex + 1] : null;
// The machine may be shared: record how busy it was when the run started.
var load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
var (repeat, runs) = smoke ? (1000u, 1) : (1_000_000u, 7);
var rows = XdpTestRunBench.Run(repeat, runs);
var table = XdpTestRunBench.Table(rows);
Console.Write(table);
if (jsonPath is not null)
{
    File.WriteAllText(jsonPath, XdpTestRunBench.Json(rows));
}
if (outPath is not null)
{
    var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
    File.WriteAllText(outPath, $"""
        # XDP program cost through BPF_PROG_TEST_RUN

        Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on Linux {kernel} ({RuntimeInformation.OSDescription}), CPU "{cpu}", {Environment.ProcessorCount} CPUs; load average before the run: {load}.
        Command (root): `dotnet run -c Release --project bench/FastLb.Bench -- {string.Join(' ', args)}`
        Each row: repeat {repeat:N0} per test run, median of {runs} runs of the kernel's reported ns per repeat.
        The frame is not restored between repeats: the VIP row's frame keeps its IP header (only MACs are
        rewritten), so every repeat is again a VIP hit on an established flow; the counters prove it.

        {table}
        """);
}
return rows.All(r => r.PathHeld != false) ? 0 : 1;
