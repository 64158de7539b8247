// The FastLb side of haproxy-compare runs against loopback listeners and its reports are well formed. Never how fast.
using System.Text.Json;
using FastLb.Bench.Health;
using FastLb.Bench.Health.Compare;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class HealthCompareSmokeTests
{
    [Fact]
    public async Task FastLbPhase_FiveTcpTargets_ChecksWithoutFailureAndReportsNameEachRow()
    {
        await using var listeners = LoopbackListeners.Open(5);
        // A window of three check intervals: a loaded CI machine that delays one round still finishes checks in it.
        var options = CompareOptions.Parse(["--seconds", "3", "--warmup", "1"]);

        var fastlb = await CompareRun.MeasureFastLbAsync(options, "tcp", listeners.EndPoints, serverPid: null, attempts: null);

        Assert.Equal(("tcp", 5, "FastLb", 0L), (fastlb.Kind, fastlb.Targets, fastlb.Checker, fastlb.Failed));
        Assert.True(fastlb.Ok >= 1, $"no check finished in the window ({fastlb.Ok})");
        Assert.NotNull(fastlb.Lateness);
        Assert.True(fastlb.Lateness.Checks >= 1);
        Assert.True(listeners.Accepted >= fastlb.Ok, $"{listeners.Accepted} accepted, {fastlb.Ok} checks ok");

        var haproxy = fastlb with { Checker = "HAProxy", Ok = -1, Failed = -1, Lateness = null };
        var rows = new[] { fastlb, haproxy };
        var (header, cells) = MarkdownTable.Parse(CompareReport.Table(rows));
        Assert.Equal(11, header.Length);
        Assert.Equal(["FastLb", "HAProxy"], cells.Select(c => c[2]));
        Assert.Equal($"{fastlb.Ok:N0} / 0", cells[0][6]);
        Assert.Equal(["n/a", "n/a"], new[] { cells[1][6], cells[1][8] });

        using var json = JsonDocument.Parse(CompareReport.Json(rows, MachineInfo.Read(), "smoke", DateTimeOffset.UnixEpoch));
        var parsed = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["FastLb", "HAProxy"], parsed.Select(p => p.GetProperty("checker").GetString()));
        Assert.Equal(fastlb.Ok, parsed[0].GetProperty("ok").GetInt64());
        Assert.Equal(JsonValueKind.Null, parsed[1].GetProperty("lateness").ValueKind);
    }

    [Fact]
    public void Options_Kinds_DefaultAllThree_HalfOpenAlone()
    {
        Assert.Equal(["http", "tcp", "tcp-half-open"], CompareOptions.Parse([]).Kinds);
        Assert.Equal(["tcp-half-open"], CompareOptions.Parse(["--kinds", "tcp-half-open"]).Kinds);
    }

    [Fact]
    public void Options_BadKind_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => CompareOptions.Parse(["--kinds", "http,icmp"]));
        Assert.Contains("icmp", e.Message);
    }
}
