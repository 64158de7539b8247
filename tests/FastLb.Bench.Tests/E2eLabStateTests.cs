// What the e2e bench reads to know that frames have landed (the balancer's NAPI threads asleep)
// and what it shows when a row cannot be measured (the lab's links and NAPI threads).
using System.Diagnostics;
using FastLb.Bench;
using FastLb.Testing;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class E2eLabStateTests
{
    [Fact]
    public void AnyRunnable_RunningThreadBlockedThreadAndGoneOne_OnlyTheRunningOneCounts()
    {
        var self = ThreadId();
        var blocked = 0;
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            blocked = ThreadId();
            started.Set();
            release.Wait();
        });
        thread.Start();
        try
        {
            started.Wait();
            // It spins briefly before it blocks: poll until it sleeps.
            var deadline = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
            while (CpuPlacement.AnyRunnable([blocked]) && Stopwatch.GetTimestamp() < deadline)
            {
                Thread.Yield();
            }

            Assert.False(CpuPlacement.AnyRunnable([blocked]));
            Assert.True(CpuPlacement.AnyRunnable([self]));
            Assert.True(CpuPlacement.AnyRunnable([blocked, self]));
            // No such PID (above any pid_max): a NAPI thread that ended has nothing queued.
            Assert.False(CpuPlacement.AnyRunnable([int.MaxValue]));
        }
        finally
        {
            release.Set();
            thread.Join();
        }
    }

    [RootFact]
    public void Describe_FreshLab_EveryVethItsProgramAndTheBalancersPinnedNapiThreads()
    {
        Privileges.RequireRoot();
        using var lab = E2eLab.Create();
        var pids = lab.PinBalancerNapi();

        var state = E2eLabState.Describe(lab);

        foreach (var ifname in new[] { lab.GeneratorInterface, lab.OutsideInterface, lab.InsideInterface, lab.RealsInterface })
        {
            Assert.Contains($": {ifname}@", state, StringComparison.Ordinal);
        }
        // The sinks on the generator's and the reals' veths; threaded NAPI on the balancer's two only.
        Assert.Equal(2, state.Split("name bench_sink").Length - 1);
        Assert.Equal(2, state.Split("threaded=1").Length - 1);
        Assert.Equal(2, state.Split("threaded=0").Length - 1);
        Assert.Equal(2, pids.Length);
        Assert.All(pids, pid => Assert.Contains($" pid {pid}: state ", state, StringComparison.Ordinal));
        Assert.Equal(2, state.Split($"Cpus_allowed_list:\t{CpuPlacement.BalancerCpu},").Length - 1);
    }

    private static int ThreadId() => int.Parse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget!), System.Globalization.CultureInfo.InvariantCulture);
}
