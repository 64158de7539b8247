using System.Runtime.InteropServices;

namespace FastLb.Bench;

/// <summary>`xdp-encap`: runs <see cref="XdpEncapBench"/>, prints its table and writes it with the machine's context.</summary>
public static class XdpEncapReport
{
    public static int Write(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var outIndex = Array.IndexOf(args, "--out");
        var outPath = outIndex > 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null;
        var load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var packets = smoke ? 1000 : 50_000;
        var rows = XdpEncapBench.Run(packets);
        var table = XdpBenchReport.Table(rows);
        Console.Write(table);
        if (outPath is not null)
        {
            var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            File.WriteAllText(outPath, $"""
                # L3 DSR cost through BPF_PROG_TEST_RUN, one packet per run

                Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on Linux {kernel} ({RuntimeInformation.OSDescription}), CPU "{cpu}", {Environment.ProcessorCount} CPUs; load average before the run: {load}.
                Command (root): `dotnet run -c Release --project bench/FastLb.Bench -- {string.Join(' ', args)}`
                Each row: {packets:N0} test runs of repeat 1, each on a fresh copy of the frame (the encapsulation
                grows the frame, which the kernel does not restore between repeats), median (and min–max) of the
                kernel's reported ns per run; the baselines are timed the same way, so the ratio column compares
                like with like, but every row carries the kernel's timer overhead (~tens of ns) and is higher than
                in the repeat-1,000,000 table. "established": one flow pinned before timing. "new flow": a fresh
                client port per packet after the connection table was emptied (lookup miss, Maglev, insert).
                The 1 M-flow row is not measured: the connection table holds {FastLb.Interop.Abi.AbiLimits.FlowsMax:N0} flows.

                {table}
                """);
        }
        return rows.All(r => r.PathHeld != false) ? 0 : 1;
    }
}
