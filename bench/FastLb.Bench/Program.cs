// FastLb benchmarks. `xdp`: the data plane through BPF_PROG_TEST_RUN beside baselines (root);
// `maglev`: BenchmarkDotNet on the controller's table builder.
using System.Runtime.InteropServices;
using BenchmarkDotNet.Running;
using FastLb.Bench;

var command = args.FirstOrDefault() ?? "xdp";
if (command == "maglev")
{
    BenchmarkRunner.Run<MaglevBuildBenchmarks>(args: args[1..]);
    return 0;
}
if (command != "xdp")
{
    Console.Error.WriteLine("usage: FastLb.Bench xdp [--smoke] [--out FILE] [--json FILE] | maglev [BenchmarkDotNet options]");
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
        The NAT rows use a transparent service whose real is its own VIP: the whole rewrite runs and
        leaves a frame of the same path. Routed mode has no row: its TTL - 1 changes the path within 64 repeats.

        {table}
        """);
}
return rows.All(r => r.PathHeld != false) ? 0 : 1;
