// What the tests of the admin API and its commands share: a free loopback port, the CLI in-process, a bounded wait.
using System.Globalization;
using System.Net.Sockets;
using FastLb.Host;
using Microsoft.AspNetCore.Builder;

namespace FastLb.LabTests;

/// <summary>Helpers of the tests that drive a live controller through `fastlb` commands.</summary>
internal static class AdminTestTools
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A TCP port free on 127.0.0.1 a moment ago (for metrics: or admin: listeners).</summary>
    public static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>Runs `fastlb ARGS` in-process: its exit code, stdout and stderr.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunCli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await FastLb.Host.Cli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Polls <paramref name="condition"/>; fails naming <paramref name="what"/> after 30 s.</summary>
    public static Task WaitAsync(Func<Task<bool>> condition, string what) => Poll.UntilAsync(condition, what, Bound, intervalMs: 50);
}
