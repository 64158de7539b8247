// Metric labels for verdict reasons: spelled as abi.h spells them (FASTLB_R_PASS_NOT_VIP -> pass_not_vip).
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FastLb.Host;
using FastLb.Interop.Abi;
using Xunit;

namespace FastLb.Host.Tests;

public sealed partial class DataPlaneMetricsTests
{
    [Fact]
    public void FormatReason_PassNotVip_IsSnakeCase() =>
        Assert.Equal("pass_not_vip", DataPlaneMetrics.FormatReason(Reason.PassNotVip));

    [Fact]
    public void FormatReason_PassIp6Ext_KeepsDigitInWord() =>
        Assert.Equal("pass_ip6_ext", DataPlaneMetrics.FormatReason(Reason.PassIp6Ext));

    [Fact]
    public void FormatReason_EveryReason_DistinctSnakeCaseNames()
    {
        var names = Enum.GetValues<Reason>().Select(DataPlaneMetrics.FormatReason).ToList();
        Assert.Equal(AbiLimits.ReasonCount, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches(SnakeCase(), n));
    }

    [Fact]
    public void FormatReason_EveryReason_MatchesAbiHeaderName()
    {
        var header = File.ReadAllText(Path.Combine(RepoRoot(), "bpf", "lib", "abi.h"));
        var fromHeader = AbiReason().Matches(header)
            .Where(m => m.Groups[1].Value != "MAX")
            .ToDictionary(m => uint.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups[1].Value.ToLowerInvariant());
        Assert.Equal(AbiLimits.ReasonCount, fromHeader.Count);
        foreach (var reason in Enum.GetValues<Reason>())
        {
            Assert.Equal(fromHeader[(uint)reason], DataPlaneMetrics.FormatReason(reason));
        }
    }

    private static string RepoRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));

    [GeneratedRegex("^[a-z0-9]+(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"FASTLB_R_([A-Z0-9_]+)\s*=\s*(\d+)")]
    private static partial Regex AbiReason();
}
