// A bench stopped by SIGTERM while its lab stands deletes the lab's namespaces on the way out
// (since .NET 10 a SIGTERM ends a process without ProcessExit; LabNamespace hooks the signal).
using System.Diagnostics;
using System.Globalization;
using FastLb.Bench;
using FastLb.Lab;
using FastLb.Testing;
using Xunit;

namespace FastLb.Bench.Tests;

/// <summary>Runs alone: it finds the child's lab among the namespaces that appear while it runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabSignalCollection
{
    public const string Name = "lab signal (alone)";
}

[Collection(LabSignalCollection.Name)]
public sealed class LabSignalTests
{
    private static HashSet<string> Namespaces() =>
        [.. Command.Run("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)[0])];

    /// <summary>PIDs of the bench processes started with this frame count (this test's own).</summary>
    private static int[] BenchPids(string packets)
    {
        var (_, stdout, _) = Command.TryRun("pgrep", "-f", $"FastLb.Bench.dll e2e --rows ceiling: redirect --packets {packets}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
    }

    [RootFact]
    public void E2eBench_SigtermWhileItsLabStands_LabNamespacesDeleted_ProcessEnds()
    {
        Privileges.RequireRoot();
        var before = Namespaces();
        // A ceiling row of many frames: the lab stands for minutes. The frame count is this test's own,
        // to find the bench by its command line: under the test host, `dotnet` may run it as a process
        // of its own rather than as the one started here.
        var packets = (100_000_000 + Environment.ProcessId).ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(E2eBench).Assembly.Location, "e2e", "--rows", "ceiling: redirect", "--packets", packets },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var started = Stopwatch.GetTimestamp();
        using var bench = Process.Start(start)!;
        string[] lab = [];
        try
        {
            // Its E2eLab: three namespaces PREFIX + g, l, r.
            var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                lab = [.. Namespaces().Except(before).Where(n => n.Length == 7 && n.StartsWith("fl", StringComparison.Ordinal)).Order()];
                if (lab.Length == 3 && lab.Select(n => n[..6]).Distinct().Count() == 1)
                {
                    break;
                }
                Thread.Sleep(100);
            }
            Assert.True(lab.Length == 3, $"no lab of the bench after {Stopwatch.GetElapsedTime(started)}");
            Thread.Sleep(1000);

            var pids = BenchPids(packets);
            Assert.NotEmpty(pids);
            foreach (var pid in pids)
            {
                Command.Run("kill", "-TERM", pid.ToString(CultureInfo.InvariantCulture));
            }

            var end = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end && BenchPids(packets).Length > 0)
            {
                Thread.Sleep(100);
            }
            Assert.Empty(BenchPids(packets));
            Assert.Empty(Namespaces().Intersect(lab));
        }
        finally
        {
            foreach (var pid in BenchPids(packets))
            {
                Command.TryRun("kill", "-KILL", pid.ToString(CultureInfo.InvariantCulture));
            }
            if (!bench.HasExited)
            {
                bench.Kill();
            }
            foreach (var left in Namespaces().Intersect(lab))
            {
                Command.TryRun("ip", "netns", "del", left);
            }
        }
    }
}
