// The systemd unit's capability set, measured: FastLb started with exactly those capabilities (setpriv, no systemd needed)
// signals readiness through sd_notify and serves; without CAP_BPF or CAP_NET_ADMIN it cannot start.
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using FastLb.Host;

namespace FastLb.LabTests;

public sealed class SystemdUnitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [RootFact]
    public async Task UnitCapabilities_NotifyReadyAndServe()
    {
        Privileges.RequireRoot();
        var caps = UnitCapabilities();
        Assert.Equal(["CAP_BPF", "CAP_PERFMON", "CAP_NET_ADMIN", "CAP_NET_RAW"], caps);
        await using var run = await LabRun.StartAsync(caps, "unit");
        try
        {
            var ready = await run.ReceiveNotifyAsync(Bound);
            Assert.Contains("READY=1", ready, StringComparison.Ordinal);

            // Exactly the unit's capabilities are in effect.
            Assert.Equal(Mask(caps), run.EffectiveCapabilities());

            var result = await LabHttpClient.RunRequestsAsync(20, run.Lab.Client.Namespace, run.Lab.Vip, 80, TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Equal(20, result.Succeeded);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.Equal(0, await Cli.RunAsync(["status", "--instance", run.Instance], stdout, stderr, CancellationToken.None));
            Assert.Contains($"instance:          {run.Instance}", stdout.ToString(), StringComparison.Ordinal);

            // Journal priorities on the log lines (<6> information).
            Assert.Contains("<6>", run.Output, StringComparison.Ordinal);
            Assert.Equal(0, run.Terminate(Bound));
            Assert.Contains("STOPPING=1", await run.ReceiveNotifyAsync(Bound), StringComparison.Ordinal);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\noutput:\n{run.Output}");
        }
    }

    [RootTheory]
    [InlineData("CAP_BPF", "Operation not permitted")]
    [InlineData("CAP_NET_ADMIN", "Operation not permitted")]
    [InlineData("CAP_PERFMON", "pointer -= pointer prohibited")] // the verifier's rules for unprivileged programs
    public async Task UnitCapabilitiesWithoutOne_CannotStart(string missing, string why)
    {
        Privileges.RequireRoot();
        var caps = UnitCapabilities().Where(c => c != missing).ToList();
        await using var run = await LabRun.StartAsync(caps, "no");
        var exit = await run.WaitForExitAsync(Bound);
        Assert.NotEqual(0, exit);
        Assert.True(run.Output.Contains(why, StringComparison.Ordinal), run.Output);
        Assert.False(new PinnedState(run.Instance).HasLink);
    }

    private static List<string> UnitCapabilities()
    {
        var unit = File.ReadAllLines(Path.Combine(RepoRoot(), "deploy", "systemd", "fastlb.service"));
        return [.. unit.Single(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal))["CapabilityBoundingSet=".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static ulong Mask(IEnumerable<string> caps) => caps.Aggregate(0UL, (m, c) => m | (1UL << c switch
    {
        "CAP_NET_ADMIN" => 12,
        "CAP_NET_RAW" => 13,
        "CAP_SYS_ADMIN" => 21,
        "CAP_PERFMON" => 38,
        "CAP_BPF" => 39,
        _ => throw new ArgumentException(c),
    }));

    internal static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "FastLb.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("FastLb.sln not found above the test's directory");
    }

    /// <summary>A lab and `fastlb run` inside its LB namespace under a capability set, as a service manager would start it.</summary>
    private sealed class LabRun : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Socket _notify;
        private readonly IReadOnlyList<LabHttpServer> _servers;
        private readonly string _dir;
        private readonly StringBuilder _output = new();

        private LabRun(DsrL2Lab lab, string instance, Process process, Socket notify, IReadOnlyList<LabHttpServer> servers, string dir)
        {
            Lab = lab;
            Instance = instance;
            _process = process;
            _notify = notify;
            _servers = servers;
            _dir = dir;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public DsrL2Lab Lab { get; }

        public string Instance { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static Task<LabRun> StartAsync(IReadOnlyList<string> caps, string tag)
        {
            var lab = DsrL2Lab.Create();
            var instance = lab.Prefix + "-" + tag;
            var servers = lab.StartHttpServers(80);
            var dir = Directory.CreateTempSubdirectory("fastlb-unit-").FullName;
            var config = Path.Combine(dir, "fastlb.yaml");
            // No 'namespace:': the process itself runs in the LB namespace, as on a real host.
            File.WriteAllText(config, "instance: " + instance + "\n" + lab.DefaultConfigYaml(80, "127.0.0.1:9100")
                .Replace($"namespace: {lab.Lb.Name}\n", "", StringComparison.Ordinal)
                .Replace("    mode: dsr-l2\n", "    mode: dsr-l2\n    check: {type: http, path: /, interval: 300ms, timeout: 250ms, rise: 1, fall: 1}\n", StringComparison.Ordinal));
            var notifyPath = Path.Combine(dir, "notify");
            var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

            // Hosting.Systemd recognises a service by its parent process being named "systemd":
            // a copy of sh under that name stands in for the service manager.
            var manager = Path.Combine(dir, "systemd");
            File.Copy("/bin/sh", manager);
            var set = string.Join(',', caps.Select(c => "+" + c["CAP_".Length..].ToLowerInvariant()));
            var command = $"nsenter --net=/run/netns/{lab.Lb.Name} setpriv --bounding-set -all,{set} --inh-caps -all,{set} -- "
                + $"dotnet {Path.Combine(AppContext.BaseDirectory, "fastlb.dll")} run --config {config}; exit $?";
            var info = new ProcessStartInfo(manager) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(command);
            info.Environment["NOTIFY_SOCKET"] = notifyPath;
            var process = StartWhenWritten(info);
            return Task.FromResult(new LabRun(lab, instance, process, notify, servers, dir));
        }

        /// <summary>
        /// Starts the copied manager. A process forked elsewhere in the test run while the copy was
        /// still open for writing holds it until its exec, and exec then fails with ETXTBSY (26):
        /// retried against a deadline.
        /// </summary>
        private static Process StartWhenWritten(ProcessStartInfo info)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (true)
            {
                try
                {
                    return Process.Start(info)!;
                }
                catch (System.ComponentModel.Win32Exception e) when (e.NativeErrorCode == 26 && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(20);
                }
            }
        }

        public async Task<string> ReceiveNotifyAsync(TimeSpan bound)
        {
            using var cts = new CancellationTokenSource(bound);
            var buffer = new byte[1024];
            var n = await _notify.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }

        /// <summary>CapEff of the dotnet process (the manager's child).</summary>
        public ulong EffectiveCapabilities()
        {
            var child = Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit))
                .Single(pid => File.Exists($"/proc/{pid}/stat") && Ppid(pid!) == _process.Id);
            var line = File.ReadAllLines($"/proc/{child}/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            return ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        public int Terminate(TimeSpan bound)
        {
            var child = Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit))
                .Single(pid => File.Exists($"/proc/{pid}/stat") && Ppid(pid!) == _process.Id);
            Command.Run("kill", "-TERM", child!);
            Assert.True(_process.WaitForExit(bound), "fastlb did not exit on SIGTERM");
            return _process.ExitCode;
        }

        public async Task<int> WaitForExitAsync(TimeSpan bound)
        {
            using var cts = new CancellationTokenSource(bound);
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
            _notify.Dispose();
            new PinnedState(Instance).Remove();
            File.Delete(AdminEndpoint.For(Instance).TokenPath);
            File.Delete(AdminEndpoint.For(Instance).SocketPath);
            foreach (var s in _servers)
            {
                await s.DisposeAsync();
            }
            Lab.Dispose();
            Directory.Delete(_dir, recursive: true);
        }

        private static int Ppid(string pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return -1;
            }
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
