// Loading valid configurations: exact values, defaults, and per-real check merging.
using System.Net.NetworkInformation;
using System.Text;

namespace FastLb.Model.Tests;

public sealed class ConfigLoaderTests
{
    private const string FullYaml = """
        interface: veth0
        namespace: lb
        metrics: 127.0.0.1:9200
        services:
          - name: web
            vip: 203.0.113.10
            port: 80
            protocol: tcp
            mode: dsr-l2
            algorithm: maglev
            ring-size: 65537
            on-all-down: backup
            backup: {address: 192.0.2.99, mac: 02:00:00:00:00:99}
            check: {type: http, interval: 2s, timeout: 1s, rise: 2, fall: 3, jitter: 200ms, initial: down,
                    port: 8080, method: GET, path: /health, host: example.test,
                    headers: {X-Probe: fastlb}, status: [200, 204], contains: "ok", regex: "ok|fine", max-bytes: 4096}
            reals:
              - {address: 192.0.2.11, port: 80, mac: 02:00:00:00:00:11, weight: 1, name: r1, check: {path: /alt}}
              - {address: 192.0.2.12, mac: 02-00-00-00-00-12, weight: 0}
          - name: dns
            vip: 2001:db8::53
            port: 53
            protocol: udp
            ring-size: 251
            check: {type: dns, query: example.test, query-type: aaaa, interval: 1500ms, timeout: 500ms}
            reals:
              - {address: 2001:db8::1:11, mac: 02:00:00:00:01:11, weight: 3}
        """;

    [Fact]
    public void Parse_FullConfig_ExactValues()
    {
        var config = ConfigLoader.Parse(FullYaml, "full.yaml", TestLimits.Default);

        Assert.Equal("veth0", config.Interface);
        Assert.Equal("lb", config.Namespace);
        Assert.Equal("127.0.0.1:9200", config.MetricsListen);
        Assert.Equal("full.yaml", config.SourceFile);
        Assert.Equal(2, config.Services.Count);

        var web = config.Services[0];
        Assert.Equal("web", web.Name);
        Assert.Equal(IPAddress.Parse("203.0.113.10"), web.Vip);
        Assert.Equal((ushort)80, web.Port);
        Assert.Equal(L4Protocol.Tcp, web.Protocol);
        Assert.Equal(ForwardingMode.DsrL2, web.Mode);
        Assert.Equal(SchedulingAlgorithm.Maglev, web.Algorithm);
        Assert.Equal(65537, web.RingSize);
        Assert.Equal(AllDownPolicy.Backup, web.OnAllDown);
        Assert.Equal(new ConfigLocation("full.yaml", 5, 5), web.Location);

        var serviceCheck = new HealthCheckConfig
        {
            Type = CheckType.Http,
            Interval = TimeSpan.FromSeconds(2),
            Timeout = TimeSpan.FromSeconds(1),
            Rise = 2,
            Fall = 3,
            Jitter = TimeSpan.FromMilliseconds(200),
            Initial = HealthState.Down,
            Port = 8080,
            Method = "GET",
            Path = "/health",
            Host = "example.test",
            Headers = new Dictionary<string, string> { ["X-Probe"] = "fastlb" },
            ExpectStatus = [200, 204],
            Contains = "ok",
            Regex = "ok|fine",
            MaxBytes = 4096,
            ReuseConnection = true,
        };
        Assert.Equal(serviceCheck, web.Check);

        Assert.NotNull(web.Backup);
        Assert.Equal("192.0.2.99:80", web.Backup.Name);
        Assert.Equal((ushort)80, web.Backup.Port);
        Assert.Equal(PhysicalAddress.Parse("02:00:00:00:00:99"), web.Backup.Mac);
        Assert.Equal(serviceCheck with { Address = IPAddress.Parse("192.0.2.99") }, web.Backup.Check);

        var r1 = web.Reals[0];
        Assert.Equal(new RealConfig("r1", IPAddress.Parse("192.0.2.11"), 80, PhysicalAddress.Parse("02:00:00:00:00:11"), 1,
            serviceCheck with { Path = "/alt", Address = IPAddress.Parse("192.0.2.11") }), r1);
        Assert.Equal(new ConfigLocation("full.yaml", 18, 9), r1.Location);

        var r2 = web.Reals[1];
        Assert.Equal("192.0.2.12:80", r2.Name);
        Assert.Equal((ushort)80, r2.Port);
        Assert.Equal(0, r2.Weight);
        Assert.Equal(PhysicalAddress.Parse("02:00:00:00:00:12"), r2.Mac);
        Assert.Equal(serviceCheck with { Address = IPAddress.Parse("192.0.2.12") }, r2.Check);

        var dns = config.Services[1];
        Assert.Equal(IPAddress.Parse("2001:db8::53"), dns.Vip);
        Assert.Equal(L4Protocol.Udp, dns.Protocol);
        Assert.Equal(251, dns.RingSize);
        Assert.Equal(AllDownPolicy.Drop, dns.OnAllDown);
        Assert.Null(dns.Backup);
        var real = Assert.Single(dns.Reals);
        Assert.Equal("[2001:db8::1:11]:53", real.Name);
        Assert.Equal(3, real.Weight);
        Assert.Equal(new HealthCheckConfig
        {
            Type = CheckType.Dns,
            Interval = TimeSpan.FromMilliseconds(1500),
            Timeout = TimeSpan.FromMilliseconds(500),
            Jitter = TimeSpan.FromMilliseconds(150),
            DnsName = "example.test",
            DnsType = "AAAA",
            Address = IPAddress.Parse("2001:db8::1:11"),
            Port = 53,
        }, real.Check);
    }

    [Fact]
    public void Parse_MinimalConfig_Defaults()
    {
        var config = ParseWeb("", [Real11], "min.yaml");

        Assert.Null(config.Namespace);
        Assert.Equal("127.0.0.1:9100", config.MetricsListen);
        var web = Assert.Single(config.Services);
        Assert.Equal(L4Protocol.Tcp, web.Protocol);
        Assert.Equal(ForwardingMode.DsrL2, web.Mode);
        Assert.Equal(SchedulingAlgorithm.Maglev, web.Algorithm);
        Assert.Equal(65537, web.RingSize);
        Assert.Equal(AllDownPolicy.Drop, web.OnAllDown);
        Assert.Null(web.Check);
        Assert.Null(web.Backup);
        var real = Assert.Single(web.Reals);
        Assert.Equal(1, real.Weight);
        Assert.Equal((ushort)80, real.Port);
        Assert.Null(real.Check);
    }

    [Fact]
    public void Parse_CheckWithOnlyType_AllDefaultsResolved()
    {
        var config = ParseWeb("check: {type: tcp}", [Real11], "c.yaml");

        var check = config.Services[0].Reals[0].Check!;
        Assert.Equal(CheckType.Tcp, check.Type);
        Assert.Equal(TimeSpan.FromSeconds(2), check.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), check.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(200), check.Jitter);
        Assert.Equal(2, check.Rise);
        Assert.Equal(3, check.Fall);
        Assert.Equal(HealthState.Down, check.Initial);
        Assert.Equal(IPAddress.Parse("192.0.2.11"), check.Address);
        Assert.Equal((ushort)80, check.Port);
        Assert.Equal([200], check.ExpectStatus);
        Assert.Equal(65536, check.MaxBytes);
        Assert.True(check.VerifyCertificate);
    }

    [Fact]
    public void Parse_RealCheckOverridesType_MergesOverServiceCheck()
    {
        var config = ParseWeb("check: {type: tcp, interval: 5s, rise: 4, port: 8080}",
            [
                Real11,
                "{address: 192.0.2.12, mac: 02:00:00:00:00:12, check: {type: icmp, port: ~, fall: 1}}",
                "{address: 192.0.2.13, mac: 02:00:00:00:00:13, check: {type: http, path: /up, port: 81}}",
            ],
            "m.yaml");

        var reals = config.Services[0].Reals;
        Assert.Equal(CheckType.Tcp, reals[0].Check!.Type);
        Assert.Equal((ushort)8080, reals[0].Check!.Port);
        Assert.Equal(4, reals[0].Check!.Rise);
        Assert.Equal(TimeSpan.FromSeconds(5), reals[0].Check!.Interval);

        // 'port: ~' in the real's map removes the service's port key.
        Assert.Equal(CheckType.Icmp, reals[1].Check!.Type);
        Assert.Null(reals[1].Check!.Port);
        Assert.Equal(1, reals[1].Check!.Fall);
        Assert.Equal(4, reals[1].Check!.Rise);

        Assert.Equal(CheckType.Http, reals[2].Check!.Type);
        Assert.Equal("/up", reals[2].Check!.Path);
        Assert.Equal((ushort)81, reals[2].Check!.Port);
        Assert.Equal(TimeSpan.FromSeconds(5), reals[2].Check!.Interval);
    }

    [Fact]
    public void Parse_UdpCheckWithHexPayload_DecodesBytes()
    {
        var config = ConfigLoader.Parse("""
            interface: eth0
            services:
              - name: dns
                vip: 203.0.113.53
                port: 53
                protocol: udp
                check: {type: udp, send: "hex:00 01 ff", expect: "pong"}
                reals:
                  - {address: 192.0.2.11, mac: 02:00:00:00:00:11}
            """, "u.yaml", TestLimits.Default);

        var check = config.Services[0].Reals[0].Check!;
        Assert.Equal(new byte[] { 0x00, 0x01, 0xff }, check.Send);
        Assert.Equal(Encoding.UTF8.GetBytes("pong"), check.Expect);
    }

    [Fact]
    public void LoadFile_ExistingFile_RecordsSourceFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fastlb-model-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, FullYaml);
        try
        {
            var config = ConfigLoader.LoadFile(path, TestLimits.Default);
            Assert.Equal(path, config.SourceFile);
            Assert.Equal(new ConfigLocation(path, 5, 5), config.Services[0].Location);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_MissingFile_ConfigErrorNamesPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fastlb-missing-{Guid.NewGuid():N}.yaml");
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(path, TestLimits.Default));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.File);
        Assert.StartsWith($"{path}:0:0: cannot read configuration:", ex.Message);
    }

    [Fact]
    public void Parse_SameContentDifferentLines_ConfigsEqual()
    {
        var a = ConfigLoader.Parse(FullYaml, "a.yaml", TestLimits.Default);
        var b = ConfigLoader.Parse("# leading comment\n" + FullYaml, "b.yaml", TestLimits.Default);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a.Services[0].Location, b.Services[0].Location);
    }

    [Fact]
    public void Parse_WeightChanged_ConfigsDiffer()
    {
        var a = ConfigLoader.Parse(FullYaml, "a.yaml", TestLimits.Default);
        var b = ConfigLoader.Parse(FullYaml.Replace("weight: 3", "weight: 4", StringComparison.Ordinal), "a.yaml", TestLimits.Default);
        Assert.NotEqual(a, b);
        Assert.Equal(a.Services[0], b.Services[0]);
        Assert.NotEqual(a.Services[1], b.Services[1]);
    }

    private const string Real11 = "{address: 192.0.2.11, mac: 02:00:00:00:00:11}";

    // interface eth0 with one service, web on 203.0.113.10:80, carrying `serviceKey` (if any) and `reals`.
    private static FastLbConfig ParseWeb(string serviceKey, string[] reals, string file)
    {
        var key = serviceKey.Length == 0 ? "" : $"    {serviceKey}\n";
        var yaml = "interface: eth0\nservices:\n  - name: web\n    vip: 203.0.113.10\n    port: 80\n" + key + "    reals:\n"
            + string.Concat(reals.Select(r => $"      - {r}\n"));
        return ConfigLoader.Parse(yaml, file, TestLimits.Default);
    }
}
