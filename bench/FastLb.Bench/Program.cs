// FastLb benchmarks. `xdp`: the data plane through BPF_PROG_TEST_RUN behind a frame-restoring
// harness, beside baselines (root); `e2e`: packet rate through a namespace lab beside a
// redirect-only program and nftables (root); `maglev`, `planner`, `scheduler`, `reconcile`
// (planner only), `reconcile-maps` (through the maps, root) or `controller` (all of them):
// BenchmarkDotNet on the controller. `xdp --rows PREFIX[,PREFIX]` runs the rows whose name starts
// with a prefix (the baselines always run); `e2e --rows PREFIX[,PREFIX]` likewise (no baselines then),
// and so do the controller benches (benchmark methods by name).
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
    return ControllerBenchmarks.Run(names, Option("--out-dir"), "dotnet run -c Release --project bench/FastLb.Bench -- " + string.Join(' ', args), Option("--rows"));
}
var smoke = args.Contains("--smoke");
// Packet benches run every row this many times and keep its faster round (spells of half speed come from outside the VM).
var rounds = smoke ? 1 : int.Parse(Option("--rounds") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
var outPath = Option("--out");
var jsonPath = Option("--json");
var machine = BenchMachine.Now(args);
switch (command)
{
    case "xdp":
    {
        var (repeat, runs) = smoke ? (1000u, 1) : (1_000_000u, 7);
        var rows = XdpTestRunBench.BestOf(Enumerable.Range(0, rounds).Select(_ => XdpTestRunBench.Run(repeat, runs, XdpTestRunBench.Select(Option("--rows")))).ToList());
        var table = XdpBenchReport.Table(rows);
        var comparison = XdpBenchReport.Comparison(rows);
        Console.Write(table);
        Console.Write(comparison == "" ? "" : "\n" + comparison);
        var loadAfter = BenchMachine.ReadLoadAverage();
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, XdpBenchReport.Json(rows, new { machine, loadAfter, repeat, runs, rounds }));
        }
        if (outPath is not null)
        {
            File.WriteAllText(outPath, $"""
                # XDP program cost through BPF_PROG_TEST_RUN

                {machine.Markdown(loadAfter)}
                Each row: repeat {repeat:N0} per test run, median of {runs} runs; every row (baselines too) runs
                in each of {rounds} rounds and is kept from the round with its lower median, so a spell of half
                speed from outside the VM does not decide a ratio. Kernel ns is the kernel's own
                figure (whole ns per repeat); wall-clock ns is a Stopwatch over the whole test-run call / repeat.
                fastlb rows run behind the harness (bpf/bench/bench_frame.bpf.c), which shrinks a head the
                program grew (encapsulation) back, writes the original frame back and varies the flow (source
                address byte and port) on every iteration, then tail-calls the program; its own cost is the
                harness baseline row, plus, on L3 DSR rows, the head it shrinks: one bpf_xdp_adjust_head
                (the adjust_head baseline − XDP_TX only). "net × MAC swap" is (row − harness + XDP_TX-only
                baseline) / MAC swap: the program as if run alone. Established rows warm the flow table first with one
                pass over their flows; "flows pinned while measured" counts flows the program pinned during
                the measured runs: new flows, and established flows rescheduled because the table had
                evicted them (0 on an established row: none was). The program is loaded as a configuration
                without `flow-table-size` loads it: a 4,194,304-entry connection table. The two cold-line
                baselines read one scattered line of a 256 MiB table (that table's size) per packet: with
                reads that overlap, and with each read waited for (each address from the previous read), the
                memory floor of the 1 M-flow rows on this machine.
                L3 DSR and NAT rows run inside a namespace built for bpf_fib_lookup, as if the frame arrived
                on its outside (requests) or inside (replies) veth; L3 DSR reals sit behind a router on the
                outside (one-arm, XDP_TX).
                "reference ipip" rows run bpf/bench/ref_balancer.bpf.c on the dsr-ipip rows' frames, VIP and
                real, each right after its dsr-ipip twin: the published design of the best-known open XDP
                balancer (a per-CPU LRU hash of 4 Mi flows, a 65,537-slot hash ring, IPIP to a fixed next
                hop), the yardstick of issue 8's targets. "out of opening order" rows visit the flows their
                warm-up opened in a scattered order, as live traffic does: a kernel LRU hash hands out its
                preallocated entries in opening order, so visiting them in that order streams through memory.

                {table}
                {(comparison == "" ? "" : $"""

                    ## Beside the reference balancer

                    Net of the harness, same run; "÷ reference" is net ns over the reference's net ns. The tunnels
                    encapsulate as the reference does (issue 8); dsr-l2 does not (issue 9 quotes the same yardstick).

                    {comparison}
                    """)}
                """);
        }
        return rows.All(r => r.Sound) ? 0 : 1;
    }
    case "e2e":
    {
        var (packets, runs) = smoke ? (20_000ul, 1) : (ulong.Parse(Option("--packets") ?? "3000000", System.Globalization.CultureInfo.InvariantCulture), 5);
        var rows = E2eBench.BestOf(Enumerable.Range(0, rounds).Select(_ => E2eBench.Run(packets, runs, E2eStages.Select(Option("--rows")))).ToList());
        var table = E2eReport.Table(rows);
        Console.Write(table);
        var loadAfter = BenchMachine.ReadLoadAverage();
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, E2eReport.Json(rows, new { machine, loadAfter, packets, runs, rounds, flows = E2eBench.Flows }));
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
                generation (median of the runs). Every row is run in each of {rounds} rounds, each in a fresh lab, and
                the round with its higher median is kept: this VM has spells of half speed lasting tens of
                seconds, from outside it, and a row measured in one is measured again. Each live-frame fastlb row (and
                the reference balancer's) takes turns with a redirect ceiling in the same lab, run by run: before each
                of its runs the balancer is taken off the veth (its tables kept), a run of the ceiling goes in its place,
                and the balancer is put back, so each pair of runs, a second or so apart, shares the spell the machine is
                in; the ceiling target is judged on the median of those pairs, the median over the rounds. One-arm rows (XDP_TX) are counted back at the generator's veth,
                forwarding rows at the reals' veth. Generators: BPF_PROG_TEST_RUN live frames (bench_gen, batch 64)
                and the C# AF_XDP sender (copy mode, batch 64).
                Placement (as if the generator were another host): the generating thread is pinned to CPU
                {CpuPlacement.GeneratorCpu} (sched_setaffinity); the balancer's two veths run threaded NAPI (GRO on,
                /sys/class/net/IF/threaded = 1) whose kthreads napi/IF-* are pinned to CPU {CpuPlacement.BalancerCpu}, so
                the balancer's XDP program (or the kernel's forwarding and nftables) runs there, and so do the
                receivers' counters (softirq raised from those threads). Same placement for every row: ceiling,
                nftables and fastlb. "Balancer CPU ns/frame" is the NAPI threads' run time (/proc/PID/schedstat)
                per frame received, whoever limits the rate; "beyond a bare counter" subtracts the generator-alone
                row (a counter on the balancer's veth). The reference balancer (bpf/bench/ref_balancer.bpf.c, the
                published design of the best-known open XDP balancer: per-CPU LRU hash, hash ring, IPIP to a fixed
                next hop) runs where fastlb dsr-ipip does, on the same VIP and real, its path proven by its own
                counters.

                {table}
                {E2eReport.Targets(rows)}
                """);
        }
        return rows.All(r => r.Path == "" || (r.PathHits == r.Seen && r.Seen > 0)) ? 0 : 1;
    }
    case "recount":
    {
        var table = RecountBench.Run(smoke ? [10_000] : [100_000, 1_000_000], smoke ? 1 : 5);
        Console.Write(table);
        if (outPath is not null)
        {
            File.WriteAllText(outPath, $"""
                # Flow recount: the controller's walk of the connection table

                {machine.Markdown(BenchMachine.ReadLoadAverage())}
                One FlowRecounter.Recount (bpf/flow_count.bpf.c over the buckets of fastlb_flows, then the
                corrections) on a table filled with N established flows over three reals; median of 5 runs,
                wall clock. The controller runs it every flow-recount-interval (default 10 s) outside its lock; only the corrections (one map write per drifted real) take the lock.
                Command: `dotnet run -c Release --project bench/FastLb.Bench -- recount --out bench/results/flow-recount.md`.

                {table}
                """);
        }
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: FastLb.Bench xdp|e2e [--smoke] [--rounds N] [--packets N] [--rows PREFIX[,PREFIX]] [--out FILE.md] [--json FILE.json] | recount [--smoke] [--out FILE] | maglev|planner|scheduler|reconcile|reconcile-maps|controller [--out-dir DIR] [--rows PREFIX[,PREFIX]]");
        return 2;
}
