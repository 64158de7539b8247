// Debian's real Prometheus server scrapes a running controller; every series the Grafana dashboard uses is there.
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using FastLb.Host;

namespace FastLb.LabTests;

public sealed partial class PrometheusScrapeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [RootFact]
    public async Task Prometheus_ScrapesEverySeriesTheDashboardUses()
    {
        Privileges.RequireRoot();
        Assert.True(File.Exists("/usr/bin/prometheus"), "the 'prometheus' package is missing: run .ci/deps");
        var dashboard = File.ReadAllText(Path.Combine(RepoRoot(), "deploy", "grafana", "fastlb.json"));
        var series = JsonDocument.Parse(dashboard).RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(series.Count >= 12, string.Join(", ", series));
        // The connection tables' series (recount and flow events) are on the dashboard too.
        Assert.Subset(series.ToHashSet(), new HashSet<string>
        {
            "fastlb_real_active_flows", "fastlb_flow_table_entries", "fastlb_flow_table_active_flows", "fastlb_flow_table_slots",
            "fastlb_flow_recount_drift_flows", "fastlb_flow_events_total",
        });

        using var lab = DsrL2Lab.Create();
        var instance = lab.Prefix + "-prom";
        var pins = new PinnedState(instance);
        var servers = lab.StartHttpServers(80).ToList();
        var dir = Directory.CreateTempSubdirectory("fastlb-prom-").FullName;
        var path = Path.Combine(dir, "fastlb.yaml");
        var metrics = "127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(path, "instance: " + instance + "\nflow-table-size: 65536\nflow-recount-interval: 1s\n" + lab.DefaultConfigYaml(80, metrics)
            .Replace("    mode: dsr-l2\n", "    mode: dsr-l2\n    check: {type: http, path: /, interval: 300ms, timeout: 250ms, rise: 1, fall: 1}\n", StringComparison.Ordinal));
        var app = ControllerHost.Build(Model.ConfigLoader.LoadFile(path, DataPlaneLimits.Config), path);
        Process? prometheus = null;
        try
        {
            await app.StartAsync();
            Assert.Equal(20, (await LabHttpClient.RunRequestsAsync(20, lab.Client.Namespace, lab.Vip, 80, TimeSpan.FromSeconds(5), CancellationToken.None)).Succeeded);
            // A real that dies: a health transition (a reconcile) and failing checks.
            await servers[2].DisposeAsync();
            servers.RemoveAt(2);

            var web = FreePort();
            File.WriteAllText(Path.Combine(dir, "prometheus.yml"),
                $"global: {{scrape_interval: 1s}}\nscrape_configs:\n  - job_name: fastlb\n    static_configs:\n      - targets: ['{metrics}']\n");
            var info = new ProcessStartInfo("/usr/bin/prometheus") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { $"--config.file={Path.Combine(dir, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(dir, "data")}", $"--web.listen-address=127.0.0.1:{web}" })
            {
                info.ArgumentList.Add(a);
            }
            prometheus = Process.Start(info)!;
            prometheus.OutputDataReceived += (_, _) => { };
            prometheus.ErrorDataReceived += (_, _) => { };
            prometheus.BeginOutputReadLine();
            prometheus.BeginErrorReadLine();

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var missing = series.ToList();
            using var cts = new CancellationTokenSource(Bound);
            while (missing.Count > 0 && !cts.IsCancellationRequested)
            {
                foreach (var name in missing.ToList())
                {
                    try
                    {
                        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{web}/api/v1/query?query={Uri.EscapeDataString(name)}"));
                        var data = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("result");
                        if (data.GetArrayLength() > 0)
                        {
                            missing.Remove(name);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Prometheus is still starting.
                    }
                }
                if (missing.Count > 0)
                {
                    Assert.False(prometheus.HasExited, $"prometheus exited with {(prometheus.HasExited ? prometheus.ExitCode : 0)}");
                    await Task.Delay(250, CancellationToken.None);
                }
            }
            Assert.True(missing.Count == 0, $"never scraped: {string.Join(", ", missing)}");

            // The table's size is the configured one (65,536 slots: 16,384 buckets of four).
            var slots = await http.GetStringAsync(new Uri($"http://127.0.0.1:{web}/api/v1/query?query=fastlb_flow_table_slots"));
            Assert.Equal("65536", JsonDocument.Parse(slots).RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());

            // The negative: a name no one exports is never there.
            var none = await http.GetStringAsync(new Uri($"http://127.0.0.1:{web}/api/v1/query?query=fastlb_no_such_series"));
            Assert.Equal(0, JsonDocument.Parse(none).RootElement.GetProperty("data").GetProperty("result").GetArrayLength());
        }
        finally
        {
            if (prometheus is not null)
            {
                if (!prometheus.HasExited)
                {
                    prometheus.Kill();
                    prometheus.WaitForExit();
                }
                prometheus.Dispose();
            }
            await app.StopAsync();
            await app.DisposeAsync();
            pins.Remove();
            File.Delete(AdminEndpoint.For(instance).TokenPath);
            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex("fastlb_[a-z_]+")]
    private static partial Regex MetricName();

    private static string RepoRoot()
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

    private static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
