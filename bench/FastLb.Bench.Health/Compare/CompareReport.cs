// Renders `haproxy-compare` as markdown (both checkers side by side) and as JSON.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FastLb.Bench.Health.Compare;

public static class CompareReport
{
    public const string Header =
        "| check | targets | checker | CPU (% of one core) | CPU µs / check | checks/s (counted at the targets) | ok / failed | up at end | lateness p50 / p99 / max (ms) | nginx CPU | load 1 min (start → end) |";

    public static string Table(IReadOnlyList<PhaseResult> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(Header);
        sb.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var results = r.Ok < 0 ? "n/a" : string.Create(c, $"{r.Ok:N0} / {r.Failed:N0}");
            var late = r.Lateness is { Checks: > 0 } l ? string.Create(c, $"{l.P50Ms:0.0} / {l.P99Ms:0.0} / {l.MaxMs:0.0}") : "n/a";
            sb.AppendLine(c, $"| {r.Kind} | {r.Targets:N0} | {r.Checker} | {r.CpuCoreFraction * 100:0.0} % | {r.CpuMicrosPerCheck:0.0} | {r.ChecksPerSecond:N0} | {results} | {r.Up:N0} | {late} | {r.NginxCoreFraction * 100:0.0} % | {r.Load1Before:0.00} → {r.Load1After:0.00} |");
        }
        return sb.ToString();
    }

    /// <summary>FastLb's CPU over HAProxy's for each check kind and target count measured for both.</summary>
    public static string Ratios(IReadOnlyList<PhaseResult> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        foreach (var g in rows.GroupBy(r => (r.Kind, r.Targets)))
        {
            var f = g.FirstOrDefault(r => r.Checker == "FastLb");
            var h = g.FirstOrDefault(r => r.Checker == "HAProxy");
            if (f is not null && h is not null && h.CpuCoreFraction > 0)
            {
                sb.AppendLine(c, $"- {g.Key.Kind}, {g.Key.Targets:N0} targets: FastLb / HAProxy CPU = {f.CpuCoreFraction / h.CpuCoreFraction:0.00}× (per check {f.CpuMicrosPerCheck / h.CpuMicrosPerCheck:0.00}×)");
            }
        }
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<PhaseResult> rows, CompareOptions options, MachineInfo machine, string command, DateTimeOffset when)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $"""
            # Health checks: FastLb beside HAProxy{(options.Smoke ? " (smoke)" : "")}

            - date: {when:yyyy-MM-dd HH:mm} UTC; kernel {machine.Kernel}; CPU {machine.CpuModel}, {machine.Cores} cores; {machine.Runtime}
            - command (root): `{command}`
            - targets: one nginx on loopback (127.0.1.x × ports from {options.PortBase}), `return 200` for GET /, keep-alive on; FastLb's http checks keep their connection (reuse-connection, the default), HAProxy's open one per check; tcp: FastLb completes the handshake and closes with FIN, while HAProxy's check (the same in the tcp and tcp-half-open rows) resets once the SYN-ACK is in, never sending the handshake's last ACK (SYN, SYN-ACK, RST+ACK on the wire), as FastLb's tcp-half-open does from a raw socket
            - each checker alone in its phase: {options.WarmupSeconds} s warm-up, then {options.Seconds} s measured; interval {options.Interval.TotalSeconds:0.###} s, timeout {options.Timeout.TotalSeconds:0.###} s, rise 2, fall 3
            - FastLb: HealthScheduler in the bench process (SpreadFirstChecks, no jitter, metrics on); HAProxy: `check inter {options.Interval.TotalMilliseconds:0}ms`, `option httpchk GET /` for http, nbthread 1
            - CPU: utime + stime from /proc/PID/stat over the window; checks/s counted outside both checkers: http requests nginx served (stub_status), tcp SYNs to the target ports (an nftables rule)

            {Table(rows)}
            {Ratios(rows)}
            """);
    }

    public static string Json(IReadOnlyList<PhaseResult> rows, MachineInfo machine, string command, DateTimeOffset when) =>
        JsonSerializer.Serialize(new { date = when, machine, command, rows }, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        });
}
