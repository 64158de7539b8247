// FastLb benchmarks. `xdp`: the data plane through BPF_PROG_TEST_RUN behind a frame-restoring
// harness, beside baselines (root); `e2e`: packet rate through a namespace lab beside a
// redirect-only program and nftables (root); `xdp-encap`: the L3 DSR rows; `maglev`, `planner`,
// `scheduler`, `reconcile` (planner only), `reconcile-maps` (through the maps, root) or `controller`
// (all of them): BenchmarkDotNet on the controller.
using FastLb.Bench;

var command = args.FirstOrDefault() ?? "xdp";
string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i > 0 && i + 1 < args.Length ? args[i + 1] : null;
}
if (command == "controller" || ControllerBenchmarks.ByName.ContainsKey(command))
{
    var names = command == "controller" ? [.. ControllerBenchmarks.ByName.Keys] : new[] { command };
    return ControllerBenchmarks.Run(names, Option("--out-dir"), "dotnet run -c Release --project bench/FastLb.Bench -- " + string.Join(' ', args));
}
var smoke = args.Contains("--smoke");
var outPath = Option("--out");
var jsonPath = Option("--json");
var machine = BenchMachine.Now(args);
switch (command)
{
    case "xdp-encap":
        return XdpEncapReport.Write(args);
    case "xdp":
    {
        var (repeat, runs) = smoke ? (1000u, 1) : (1_000_000u, 7);
        var rows = XdpTestRunBench.Run(repeat, runs);
        var table = XdpBenchReport.Table(rows);
        Console.Write(table);
        var loadAfter = BenchMachine.ReadLoadAverage();
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, XdpBenchReport.Json(rows, new { machine, loadAfter, repeat, runs }));
        }
        if (outPath is not null)
        {
            File.WriteAllText(outPath, $"""
                # XDP program cost through BPF_PROG_TEST_RUN

                {machine.Markdown(loadAfter)}
                Each row: repeat {repeat:N0} per test run, median of {runs} runs. Kernel ns is the kernel's own
                figure (whole ns per repeat); wall-clock ns is a Stopwatch over the whole test-run call / repeat.
                fastlb rows run behind the harness (bpf/bench/bench_frame.bpf.c), which writes the original
                frame back and varies the flow (source address byte and port) on every iteration, then
                tail-calls the program; its own cost is the harness baseline row. Established rows warm the
                flow table first with one pass over their flows; "flows pinned while measured" counts flows
                the program pinned during the measured runs: new flows, and established flows rescheduled
                because the table had evicted them. The bench loads the program with its compiled table size
                (262,144 entries, LRU); `flow-table-size` in the configuration (default 4,194,304) sizes it for a
                real run, so the 1 M rows show what an undersized table does, not the default.
                NAT rows run inside a namespace built for bpf_fib_lookup, as if the frame arrived on its outside
                (requests) or inside (replies) veth.

                {table}
                """);
        }
        return rows.All(r => r.Sound) ? 0 : 1;
    }
    case "e2e":
    {
        var (packets, runs) = smoke ? (20_000ul, 1) : (ulong.Parse(Option("--packets") ?? "3000000", System.Globalization.CultureInfo.InvariantCulture), 5);
        var rows = E2eBench.Run(packets, runs);
        var table = E2eReport.Table(rows);
        Console.Write(table);
        var loadAfter = BenchMachine.ReadLoadAverage();
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, E2eReport.Json(rows, new { machine, loadAfter, packets, runs, flows = E2eBench.Flows }));
        }
        if (outPath is not null)
        {
            File.WriteAllText(outPath, $"""
                # End-to-end packet rate through a namespace lab

                {machine.Markdown(loadAfter)}
                Lab: generator namespace → veth → balancer namespace (the balancer under test on its outside veth)
                → veth → reals' namespace. 60-byte UDP frames to 203.0.113.10:80 over {E2eBench.Flows:N0} flows (source
                ports), one warm-up pass over the flows per row, then {runs} runs of {packets:N0} frames; the rate is
                frames counted by an XDP counter (bpf/bench/bench_sink.bpf.c) at the receiving end per second of
                generation (median of the runs). One-arm rows (XDP_TX) are counted back at the generator's veth,
                forwarding rows at the reals' veth. Generators: BPF_PROG_TEST_RUN live frames (bench_gen, batch 64)
                and the C# AF_XDP sender (copy mode, batch 64). Everything runs in softirq on the generating CPU.

                {table}
                {E2eReport.Targets(rows)}
                """);
        }
        return rows.All(r => r.Path == "" || (r.PathHits == r.Seen && r.Seen > 0)) ? 0 : 1;
    }
    default:
        Console.Error.WriteLine("usage: FastLb.Bench xdp|e2e [--smoke] [--packets N] [--out FILE.md] [--json FILE.json] | xdp-encap [--smoke] [--out FILE] | maglev|planner|scheduler|reconcile|reconcile-maps|controller [--out-dir DIR]");
        return 2;
}
