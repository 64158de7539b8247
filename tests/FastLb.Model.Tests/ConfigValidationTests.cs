// Validation: every bad input yields its exact message at the offending node's line and column.
using System.Text;

namespace FastLb.Model.Tests;

public sealed class ConfigValidationTests
{
    // Line 1..7 of a valid file; tests append or replace lines.
    private const string Head = "interface: veth0\nservices:\n  - name: web\n    vip: 203.0.113.10\n    port: 80\n";

    private const string Real11 = "      - {address: 192.0.2.11, mac: 02:00:00:00:00:11}\n";

    private static string[] Errors(string yaml)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "t.yaml", TestLimits.Default));
        Assert.Equal(string.Join('\n', ex.Errors), ex.Message);
        return ex.Errors.Select(e => e.ToString()).ToArray();
    }

    private static void AssertSingleError(string yaml, string expected) => Assert.Equal([expected], Errors(yaml));

    [Fact]
    public void Parse_ValidBase_Loads()
    {
        var config = ConfigLoader.Parse(Head + "    reals:\n" + Real11, "t.yaml", TestLimits.Default);
        Assert.Equal("veth0", config.Interface);
        var web = Assert.Single(config.Services);
        Assert.Equal(("web", IPAddress.Parse("203.0.113.10"), (ushort)80), (web.Name, web.Vip, web.Port));
        var real = Assert.Single(web.Reals);
        Assert.Equal((IPAddress.Parse("192.0.2.11"), (ushort)80), (real.Address, real.Port));
    }

    [Fact]
    public void Parse_UnknownServiceKey_ReportsKeyLine()
    {
        AssertSingleError(Head + "    colour: red\n    reals:\n" + Real11, "t.yaml:6:5: unknown key 'colour' in service");
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ReportsKeyLine()
    {
        AssertSingleError("interface: veth0\ncolour: red\n", "t.yaml:2:1: unknown key 'colour' in configuration");
    }

    [Fact]
    public void Parse_MissingInterface_ReportsAtRoot()
    {
        AssertSingleError("namespace: lb\n", "t.yaml:1:1: missing required key 'interface' in configuration");
    }

    [Fact]
    public void Parse_UnknownRealKey_ReportsKeyPosition()
    {
        AssertSingleError(Head + "    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11, wieght: 2}\n",
            "t.yaml:7:55: unknown key 'wieght' in real");
    }

    [Fact]
    public void Parse_UnknownCheckKey_ReportsKeyPosition()
    {
        AssertSingleError(Head + "    check: {type: tcp, intervall: 2s}\n    reals:\n" + Real11,
            "t.yaml:6:24: unknown key 'intervall' in check");
    }

    [Fact]
    public void Parse_PortNotANumber_ReportsValue()
    {
        AssertSingleError(Head.Replace("port: 80", "port: abc") + "    reals:\n" + Real11,
            "t.yaml:5:11: 'port' must be an integer, got 'abc'");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    public void Parse_PortOutOfRange_Reports(string port)
    {
        AssertSingleError(Head.Replace("port: 80", $"port: {port}") + "    reals:\n" + Real11,
            $"t.yaml:5:11: 'port' must be 1..65535, got {port}");
    }

    [Fact]
    public void Parse_VipIsAMapping_ReportsType()
    {
        AssertSingleError(Head.Replace("vip: 203.0.113.10", "vip: {a: 1}") + "    reals:\n" + Real11,
            "t.yaml:4:10: 'vip' must be a single value, got a mapping");
    }

    [Theory]
    [InlineData("203.0.113.300")]
    [InlineData("203.0.113")]
    [InlineData("example.test")]
    [InlineData("2001:db8::g")]
    public void Parse_BadVip_ReportsAddress(string vip)
    {
        AssertSingleError(Head.Replace("203.0.113.10", vip) + "    reals:\n" + Real11,
            $"t.yaml:4:10: invalid IP address '{vip}' for 'vip'");
    }

    [Theory]
    [InlineData("02:00:00:00:00", "invalid MAC address '02:00:00:00:00' for 'mac' (expected e.g. 02:00:00:00:00:11)")]
    [InlineData("02:00:00:00:00:zz", "invalid MAC address '02:00:00:00:00:zz' for 'mac' (expected e.g. 02:00:00:00:00:11)")]
    [InlineData("01:00:5e:00:00:01", "MAC address '01:00:5e:00:00:01' is not a unicast address")]
    public void Parse_BadMac_Reports(string mac, string message)
    {
        AssertSingleError(Head + $"    reals:\n      - {{address: 192.0.2.11, mac: \"{mac}\"}}\n", $"t.yaml:7:36: {message}");
    }

    [Fact]
    public void Parse_DuplicateServiceName_ReportsSecondWithFirstLocation()
    {
        string yaml = Head + "    reals:\n" + Real11
            + "  - name: web\n    vip: 203.0.113.11\n    port: 80\n    reals:\n" + Real11;
        AssertSingleError(yaml, "t.yaml:8:11: duplicate service name 'web' (first defined at t.yaml:3:5)");
    }

    [Fact]
    public void Parse_DuplicateVipPortProtocol_Reports()
    {
        string yaml = Head + "    reals:\n" + Real11
            + "  - name: web2\n    vip: 203.0.113.10\n    port: 80\n    reals:\n" + Real11;
        AssertSingleError(yaml, "t.yaml:10:11: service 'web2' has the same VIP, port and protocol (203.0.113.10:80/tcp) as service 'web'");
    }

    [Fact]
    public void Parse_SameVipPortOtherProtocol_Loads()
    {
        string yaml = Head + "    reals:\n" + Real11
            + "  - name: web2\n    vip: 203.0.113.10\n    port: 80\n    protocol: udp\n    reals:\n" + Real11;
        Assert.Equal(2, ConfigLoader.Parse(yaml, "t.yaml", TestLimits.Default).Services.Count);
    }

    [Fact]
    public void Parse_DuplicateReal_Reports()
    {
        AssertSingleError(Head + "    reals:\n" + Real11 + Real11, "t.yaml:8:9: duplicate real 192.0.2.11:80 in service 'web'");
    }

    [Fact]
    public void Parse_RealFamilyDiffersFromVip_Reports()
    {
        AssertSingleError(Head + "    reals:\n      - {address: 2001:db8::11, mac: 02:00:00:00:00:11}\n",
            "t.yaml:7:19: real 2001:db8::11 is IPv6 but the VIP 203.0.113.10 of service 'web' is IPv4");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("65536")]
    public void Parse_WeightOutOfRange_Reports(string weight)
    {
        AssertSingleError(Head + $"    reals:\n      - {{address: 192.0.2.11, mac: 02:00:00:00:00:11, weight: {weight}}}\n",
            $"t.yaml:7:63: 'weight' must be 0..65535, got {weight}");
    }

    [Fact]
    public void Parse_EmptyReals_Reports()
    {
        AssertSingleError(Head + "    reals: []\n", "t.yaml:6:12: service 'web' has no reals");
    }

    [Fact]
    public void Parse_MissingReals_ReportsAtService()
    {
        AssertSingleError(Head, "t.yaml:3:5: service 'web' has no reals");
    }

    [Fact]
    public void Parse_TimeoutNotShorterThanInterval_Reports()
    {
        AssertSingleError(Head + "    check: {type: tcp, interval: 1s, timeout: 1s}\n    reals:\n" + Real11,
            "t.yaml:6:47: check timeout 1s must be shorter than the interval 1s");
    }

    [Theory]
    [InlineData("rise")]
    [InlineData("fall")]
    public void Parse_RiseOrFallZero_Reports(string key)
    {
        AssertSingleError(Head + $"    check: {{type: tcp, {key}: 0}}\n    reals:\n" + Real11,
            $"t.yaml:6:{30}: '{key}' must be at least 1, got 0");
    }

    [Theory]
    [InlineData("path: /x", "path")]
    [InlineData("status: 204", "status")]
    [InlineData("contains: ok", "contains")]
    public void Parse_HttpKeyOnTcpCheck_Reports(string entry, string key)
    {
        AssertSingleError(Head + $"    check: {{type: tcp, {entry}}}\n    reals:\n" + Real11,
            $"t.yaml:6:24: '{key}' applies to http/https/http-content checks");
    }

    [Fact]
    public void Parse_SniOnHttpCheck_Reports()
    {
        AssertSingleError(Head + "    check: {type: http, sni: example.test}\n    reals:\n" + Real11,
            "t.yaml:6:25: 'sni' applies to https checks");
    }

    [Theory]
    [InlineData("https", 26)]
    [InlineData("tcp", 24)]
    public void Parse_ReuseConnectionOutsidePlainHttp_ReportsWhere(string type, int column)
    {
        AssertSingleError(Head + $"    check: {{type: {type}, reuse-connection: true}}\n    reals:\n" + Real11,
            $"t.yaml:6:{column}: 'reuse-connection' applies to http and http-content checks (an https check opens a new connection every time)");
    }

    [Theory]
    [InlineData("{type: http}", true)]
    [InlineData("{type: http, reuse-connection: false}", false)]
    [InlineData("{type: http-content, contains: ok}", true)]
    [InlineData("{type: https}", false)]
    [InlineData("{type: tcp}", false)]
    public void Parse_ReuseConnection_DefaultsToTrueForPlainHttp(string check, bool expected)
    {
        var config = ConfigLoader.Parse(Head + $"    check: {check}\n    reals:\n" + Real11, "t.yaml", TestLimits.Default);
        Assert.Equal(expected, config.Services[0].Check!.ReuseConnection);
    }

    [Fact]
    public void Parse_PortOnIcmpCheck_Reports()
    {
        AssertSingleError(Head + "    check: {type: icmp, port: 80}\n    reals:\n" + Real11,
            "t.yaml:6:25: 'port' does not apply to icmp checks");
    }

    [Fact]
    public void Parse_HttpContentWithoutContainsOrRegex_Reports()
    {
        AssertSingleError(Head + "    check: {type: http-content, path: /}\n    reals:\n" + Real11,
            "t.yaml:6:12: http-content check needs 'contains' or 'regex'");
    }

    [Fact]
    public void Parse_HttpContentWithRegex_Loads()
    {
        var config = ConfigLoader.Parse(Head + "    check: {type: http-content, regex: \"^ok$\"}\n    reals:\n" + Real11, "t.yaml", TestLimits.Default);
        Assert.Equal("^ok$", config.Services[0].Reals[0].Check!.Regex);
    }

    [Fact]
    public void Parse_InvalidRegex_Reports()
    {
        var errors = Errors(Head + "    check: {type: http-content, regex: \"(ok\"}\n    reals:\n" + Real11);
        var error = Assert.Single(errors);
        Assert.StartsWith("t.yaml:6:40: invalid regex '(ok': ", error);
    }

    [Fact]
    public void Parse_DnsWithoutQuery_Reports()
    {
        AssertSingleError(Head + "    check: {type: dns}\n    reals:\n" + Real11, "t.yaml:6:12: dns check needs 'query'");
    }

    [Fact]
    public void Parse_UdpWithoutSend_Reports()
    {
        AssertSingleError(Head + "    check: {type: udp, expect: pong}\n    reals:\n" + Real11, "t.yaml:6:12: udp check needs 'send'");
    }

    [Fact]
    public void Parse_UnknownCheckType_ListsSupported()
    {
        AssertSingleError(Head + "    check: {type: ftp}\n    reals:\n" + Real11,
            "t.yaml:6:19: unknown check type 'ftp' (supported: icmp, tcp, tcp-half-open, http, https, http-content, udp, dns)");
    }

    [Fact]
    public void Parse_BadDuration_Reports()
    {
        AssertSingleError(Head + "    check: {type: tcp, interval: 2 seconds}\n    reals:\n" + Real11,
            "t.yaml:6:34: invalid duration '2 seconds' for 'interval' (use e.g. 500ms, 2s, 1.5s, 1m)");
    }

    [Fact]
    public void Parse_DsrL2RealWithoutMac_Reports()
    {
        AssertSingleError(Head + "    reals:\n      - {address: 192.0.2.11, port: 80}\n",
            "t.yaml:7:9: real 192.0.2.11:80 needs 'mac' in mode dsr-l2");
    }

    [Fact]
    public void Parse_DsrL2RealOnOtherPort_ExplainsNoTranslation()
    {
        AssertSingleError(Head + "    reals:\n      - {address: 192.0.2.11, port: 8080, mac: 02:00:00:00:00:11}\n",
            "t.yaml:7:37: real 192.0.2.11:8080: port 8080 differs from the service port 80, and mode dsr-l2 cannot translate ports (the real must listen on the service port)");
    }

    [Fact]
    public void Parse_UnsupportedMode_ListsSupported()
    {
        AssertSingleError(Head + "    mode: nat\n    reals:\n" + Real11, "t.yaml:6:11: unsupported mode 'nat' (supported: dsr-l2, routed, transparent, dsr-ipip, dsr-gue)");
    }

    [Fact]
    public void Parse_UnsupportedAlgorithm_ListsSupported()
    {
        AssertSingleError(Head + "    algorithm: rr\n    reals:\n" + Real11, "t.yaml:6:16: unsupported algorithm 'rr' (supported: maglev, round-robin, weighted-round-robin, least-connections, weighted-least-connections, hash, sticky)");
    }

    [Fact]
    public void Parse_UnsupportedProtocol_ListsSupported()
    {
        AssertSingleError(Head + "    protocol: sctp\n    reals:\n" + Real11, "t.yaml:6:15: unsupported protocol 'sctp' (supported: tcp, udp)");
    }

    [Fact]
    public void Parse_RingSizeNotPrime_SuggestsNextPrime()
    {
        AssertSingleError(Head + "    ring-size: 65536\n    reals:\n" + Real11, "t.yaml:6:16: ring-size 65536 is not a prime (the next prime is 65537)");
    }

    [Theory]
    [InlineData("2")]
    [InlineData("65539")]
    public void Parse_RingSizeOutOfRange_Reports(string size)
    {
        AssertSingleError(Head + $"    ring-size: {size}\n    reals:\n" + Real11, $"t.yaml:6:16: 'ring-size' must be a prime in 3..65537, got {size}");
    }

    [Fact]
    public void Parse_RingSmallerThanReals_Reports()
    {
        string yaml = Head + "    ring-size: 3\n    reals:\n" + string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"      - {{address: 192.0.2.{i}, mac: 02:00:00:00:00:0{i}}}\n"));
        AssertSingleError(yaml, "t.yaml:6:16: ring-size 3 is smaller than the number of reals (4)");
    }

    [Fact]
    public void Parse_OnAllDownBackupWithoutBackup_Reports()
    {
        AssertSingleError(Head + "    on-all-down: backup\n    reals:\n" + Real11, "t.yaml:6:18: on-all-down 'backup' requires 'backup'");
    }

    [Fact]
    public void Parse_BackupWithoutMacInDsrL2_Reports()
    {
        AssertSingleError(Head + "    on-all-down: backup\n    backup: {address: 192.0.2.99}\n    reals:\n" + Real11,
            "t.yaml:7:13: backup 192.0.2.99:80 needs 'mac' in mode dsr-l2");
    }

    [Fact]
    public void Parse_TooManyServices_ReportsLimit()
    {
        var yaml = new StringBuilder("interface: veth0\nservices:\n");
        for (int i = 0; i < 65; i++)
        {
            yaml.Append($"  - {{name: s{i}, vip: 203.0.113.10, port: {1000 + i}, reals: [{{address: 192.0.2.11, mac: 02:00:00:00:00:11}}]}}\n");
        }

        AssertSingleError(yaml.ToString(), "t.yaml:3:3: too many services: 65 (the data plane holds at most 64)");
    }

    [Fact]
    public void Parse_SixtyFourServices_Loads()
    {
        var yaml = new StringBuilder("interface: veth0\nservices:\n");
        for (int i = 0; i < 64; i++)
        {
            yaml.Append($"  - {{name: s{i}, vip: 203.0.113.10, port: {1000 + i}, reals: [{{address: 192.0.2.11, mac: 02:00:00:00:00:11}}]}}\n");
        }

        Assert.Equal(64, ConfigLoader.Parse(yaml.ToString(), "t.yaml", TestLimits.Default).Services.Count);
    }

    [Theory]
    [InlineData(4096, false)]
    [InlineData(4097, true)]
    public void Parse_TotalReals_LimitIs4096(int total, bool fails)
    {
        var yaml = new StringBuilder("interface: veth0\nservices:\n");
        int perService = (total + 1) / 2;
        for (int s = 0; s < 2; s++)
        {
            yaml.Append($"  - name: s{s}\n    vip: 2001:db8::{s + 1}\n    port: 80\n    reals:\n");
            int count = s == 0 ? perService : total - perService;
            for (int r = 0; r < count; r++)
            {
                yaml.Append($"      - {{address: \"2001:db8:1::{r + 1:x}\", mac: 02:00:00:00:00:11}}\n");
            }
        }

        if (fails)
        {
            AssertSingleError(yaml.ToString(), "t.yaml:3:3: too many reals: 4097 in total, backups included (the data plane holds at most 4096)");
        }
        else
        {
            Assert.Equal(total, ConfigLoader.Parse(yaml.ToString(), "t.yaml", TestLimits.Default).Services.Sum(s => s.Reals.Count));
        }
    }

    [Fact]
    public void Parse_YamlSyntaxError_ReportsLine()
    {
        var error = Assert.Single(Errors("interface: veth0\nservices:\n  - name: web\n    vip: [203.0.113.10\n"));
        Assert.StartsWith("t.yaml:5:1: YAML syntax error: ", error);
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsLine()
    {
        var error = Assert.Single(Errors("interface: veth0\ninterface: veth1\n"));
        Assert.StartsWith("t.yaml:2:1: YAML syntax error: Duplicate key", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void Parse_EmptyFile_Reports(string yaml)
    {
        AssertSingleError(yaml, "t.yaml:1:1: configuration is empty");
    }

    [Fact]
    public void Parse_RootIsAList_Reports()
    {
        AssertSingleError("- a\n- b\n", "t.yaml:1:1: configuration must be a mapping, got a list");
    }

    [Fact]
    public void Parse_InterfaceNameTooLong_Reports()
    {
        AssertSingleError("interface: abcdefghijklmnop\n", "t.yaml:1:12: interface name 'abcdefghijklmnop' is longer than 15 characters");
    }

    [Fact]
    public void Parse_BadMetricsAddress_Reports()
    {
        AssertSingleError("interface: veth0\nmetrics: localhost:9100\n",
            "t.yaml:2:10: invalid 'metrics' address 'localhost:9100' (expected ADDRESS:PORT, e.g. 127.0.0.1:9100)");
    }

    [Fact]
    public void Parse_RealCheckOverrideMakesCheckInvalid_ReportsBothNodes()
    {
        // The real switches to dns but inherits 'path' from the service check.
        Assert.Equal(
            ["t.yaml:6:25: 'path' applies to http/https/http-content checks", "t.yaml:8:62: dns check needs 'query'"],
            Errors(Head + "    check: {type: http, path: /h}\n    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11, check: {type: dns}}\n"));
    }

    [Fact]
    public void Parse_RealCheckOverrideClearsInheritedKey_Loads()
    {
        var config = ConfigLoader.Parse(
            Head + "    check: {type: http, path: /h}\n    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11, check: {type: dns, path: ~, query: example.test}}\n",
            "t.yaml", TestLimits.Default);
        Assert.Equal(CheckType.Dns, config.Services[0].Reals[0].Check!.Type);
        Assert.Equal("/", config.Services[0].Reals[0].Check!.Path);
        Assert.Equal("/h", config.Services[0].Check!.Path);
    }

    [Fact]
    public void Parse_SeveralErrors_AllReportedInFileOrder()
    {
        // Line 10's port cannot be compared with the invalid service port, so it is not reported.
        string yaml = """
            interface: veth0
            services:
              - name: web
                vip: 203.0.113.999
                port: 0
                colour: red
                check: {type: tcp, rise: 0, path: /x}
                reals:
                  - {address: 192.0.2.11, weight: 70000}
                  - {address: 192.0.2.12, mac: 02:00:00:00:00:12, port: 81}
              - name: web
                vip: 203.0.113.10
                port: 80
                mode: nat
                reals: []
            """;
        Assert.Equal(
        [
            "t.yaml:4:10: invalid IP address '203.0.113.999' for 'vip'",
            "t.yaml:5:11: 'port' must be 1..65535, got 0",
            "t.yaml:6:5: unknown key 'colour' in service",
            "t.yaml:7:30: 'rise' must be at least 1, got 0",
            "t.yaml:7:33: 'path' applies to http/https/http-content checks",
            "t.yaml:9:9: real 192.0.2.11 needs 'mac' in mode dsr-l2",
            "t.yaml:9:39: 'weight' must be 0..65535, got 70000",
            "t.yaml:11:11: duplicate service name 'web' (first defined at t.yaml:3:5)",
            "t.yaml:14:11: unsupported mode 'nat' (supported: dsr-l2, routed, transparent, dsr-ipip, dsr-gue)",
            "t.yaml:15:12: service 'web' has no reals",
        ], Errors(yaml));
    }
}
