// The scheduling keys: algorithm names, hash-fields, sticky-fields and sticky-timeout, each rule's refusal beside its acceptance.
using FastLb.Model;
using Xunit;

namespace FastLb.Model.Tests;

public sealed class AlgorithmConfigTests
{
    private const string Head = "interface: veth0\nservices:\n  - name: web\n    vip: 203.0.113.10\n    port: 80\n";
    private const string Reals = "    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11}\n";

    private static ServiceConfig Parse(string keys) => ConfigLoader.Parse(Head + keys + Reals, "t.yaml", TestLimits.Default).Services[0];

    private static string[] Errors(string keys) =>
        [.. Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Head + keys + Reals, "t.yaml", TestLimits.Default)).Errors.Select(e => e.ToString())];

    public static TheoryData<string, SchedulingAlgorithm> Names => new()
    {
        { "maglev", SchedulingAlgorithm.Maglev },
        { "round-robin", SchedulingAlgorithm.RoundRobin },
        { "weighted-round-robin", SchedulingAlgorithm.WeightedRoundRobin },
        { "least-connections", SchedulingAlgorithm.LeastConnections },
        { "weighted-least-connections", SchedulingAlgorithm.WeightedLeastConnections },
        { "hash", SchedulingAlgorithm.Hash },
        { "sticky", SchedulingAlgorithm.Sticky },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_AlgorithmName_ReadsItsValue(string name, SchedulingAlgorithm expected)
    {
        Assert.Equal(expected, Parse($"    algorithm: {name}\n").Algorithm);
    }

    [Fact]
    public void Parse_NoAlgorithm_MaglevOnAllFiveFields()
    {
        var s = Parse("");
        Assert.Equal(SchedulingAlgorithm.Maglev, s.Algorithm);
        Assert.Equal(FlowFields.All, s.HashFields);
        Assert.Equal(FlowFields.SrcIp, s.StickyFields);
        Assert.Equal(TimeSpan.FromMinutes(5), s.StickyTimeout);
    }

    [Fact]
    public void Parse_HashFieldsList_Combined()
    {
        var s = Parse("    algorithm: hash\n    hash-fields: [src-ip, dst-port, protocol]\n");
        Assert.Equal(FlowFields.SrcIp | FlowFields.DstPort | FlowFields.Protocol, s.HashFields);
    }

    [Fact]
    public void Parse_HashFieldsOneName_Read()
    {
        Assert.Equal(FlowFields.SrcPort, Parse("    algorithm: hash\n    hash-fields: src-port\n").HashFields);
    }

    [Fact]
    public void Parse_HashWithoutFields_AllFive()
    {
        Assert.Equal(FlowFields.All, Parse("    algorithm: hash\n").HashFields);
    }

    [Fact]
    public void Parse_StickyFieldsAndTimeout_Read()
    {
        var s = Parse("    algorithm: sticky\n    sticky-fields: [src-ip, dst-ip]\n    sticky-timeout: 90s\n");
        Assert.Equal(FlowFields.SrcIp | FlowFields.DstIp, s.StickyFields);
        Assert.Equal(TimeSpan.FromSeconds(90), s.StickyTimeout);
    }

    [Fact]
    public void Parse_UnknownField_ListsSupported()
    {
        Assert.Equal(["t.yaml:7:27: unknown field 'src-mac' in 'hash-fields' (supported: src-ip, dst-ip, src-port, dst-port, protocol)"],
            Errors("    algorithm: hash\n    hash-fields: [src-ip, src-mac]\n"));
    }

    [Fact]
    public void Parse_FieldTwice_Refused()
    {
        Assert.Equal(["t.yaml:7:27: field 'src-ip' is listed twice in 'hash-fields'"],
            Errors("    algorithm: hash\n    hash-fields: [src-ip, src-ip]\n"));
    }

    [Fact]
    public void Parse_EmptyFieldList_Refused()
    {
        Assert.Equal(["t.yaml:7:20: 'sticky-fields' lists no field (use any of src-ip, dst-ip, src-port, dst-port, protocol)"],
            Errors("    algorithm: sticky\n    sticky-fields: []\n"));
    }

    [Fact]
    public void Parse_HashFieldsWithRoundRobin_Refused()
    {
        Assert.Equal(["t.yaml:7:5: 'hash-fields' applies only to algorithm hash, not round-robin (remove it, or change 'algorithm')"],
            Errors("    algorithm: round-robin\n    hash-fields: [src-ip]\n"));
    }

    [Fact]
    public void Parse_StickyTimeoutWithMaglev_Refused()
    {
        Assert.Equal(["t.yaml:6:5: 'sticky-timeout' applies only to algorithm sticky, not maglev (remove it, or change 'algorithm')"],
            Errors("    sticky-timeout: 10s\n"));
    }

    [Fact]
    public void Parse_StickyTimeoutUnderOneSecond_Refused()
    {
        Assert.Equal(["t.yaml:7:21: 'sticky-timeout' must be at least 1s, got 500ms"],
            Errors("    algorithm: sticky\n    sticky-timeout: 500ms\n"));
    }
}
