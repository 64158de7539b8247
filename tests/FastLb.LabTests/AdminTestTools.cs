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

    /// <summary>The lab's default config (HTTP on port 80) for <paramref name="instance"/>, metrics on a free loopback port.</summary>
    public static string InstanceConfigYaml(DsrL2Lab lab, string instance) =>
        "instance: " + instance + "\n" + lab.DefaultConfigYaml(80, "127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture));

    /// <summary>The end of a test on a live controller: it stops, its pins and token go, the servers still running stop, the temp directory goes.</summary>
    public static async Task CleanUpAsync(WebApplication app, PinnedState pins, AdminEndpoint admin, IEnumerable<LabHttpServer> servers, string dir)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        pins.Remove();
        File.Delete(admin.TokenPath);
        foreach (var s in servers)
        {
            await s.DisposeAsync();
        }
        Directory.Delete(dir, recursive: true);
    }
}
