// The scheduling keys: algorithm names, hash-fields, sticky-fields and sticky-timeout, each rule's refusal beside its acceptance.

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

    [Fact]
    public void Parse_FlowTableSizeAndTimeouts_Read()
    {
        var c = ConfigLoader.Parse("interface: veth0\nflow-table-size: 1000000\ntimeouts: {syn: 5s, established: 1h, fin: 20s, udp: 2m}\nservices: []\n", "t.yaml", TestLimits.Default);
        Assert.Equal(1_000_000, c.FlowTableSize);
        Assert.Equal(new FlowTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2)), c.Timeouts);
    }

    [Fact]
    public void Parse_NoFlowTableKeys_DefaultsInTheMillions()
    {
        var c = ConfigLoader.Parse("interface: veth0\nservices: []\n", "t.yaml", TestLimits.Default);
        Assert.Equal(4_194_304, c.FlowTableSize);
        Assert.Equal(FlowTimeouts.Default, c.Timeouts);
        Assert.Equal(TimeSpan.FromSeconds(900), c.Timeouts.Established);
    }

    [Fact]
    public void Parse_PartialTimeouts_OthersDefault()
    {
        var c = ConfigLoader.Parse("interface: veth0\ntimeouts: {udp: 5s}\nservices: []\n", "t.yaml", TestLimits.Default);
        Assert.Equal(FlowTimeouts.Default with { Udp = TimeSpan.FromSeconds(5) }, c.Timeouts);
    }

    [Fact]
    public void Parse_FlowTableTooSmall_Refused()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("interface: veth0\nflow-table-size: 10\nservices: []\n", "t.yaml", TestLimits.Default));
        Assert.Equal(["t.yaml:2:18: 'flow-table-size' must be in 1024..67108864, got 10"], e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void Parse_UnknownTimeoutKey_Refused()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("interface: veth0\ntimeouts: {syn-ack: 5s}\nservices: []\n", "t.yaml", TestLimits.Default));
        Assert.Equal(["t.yaml:2:12: unknown key 'syn-ack' in timeouts"], e.Errors.Select(x => x.ToString()));
    }
}
