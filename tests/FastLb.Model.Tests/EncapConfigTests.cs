// The L3 DSR keys (mode dsr-ipip / dsr-gue, gue-port, encap-source): values read, defaults, and each rule's refusal beside its acceptance.

namespace FastLb.Model.Tests;

public sealed class EncapConfigTests
{
    private const string Source = "encap-source:\n  v4: 198.51.100.16/28\n  v6: 2001:db8:1::100\n";

    private static FastLbConfig Parse(string yaml) => ConfigLoader.Parse(yaml, "t.yaml", TestLimits.Default);

    private static string[] Errors(string yaml) =>
        [.. Assert.Throws<ConfigException>(() => Parse(yaml)).Errors.Select(e => e.ToString())];

    private static string Service(string name, string vip, string mode, string extra = "", string real = "192.0.2.11", int port = 80, string protocol = "tcp") =>
        $"  - name: {name}\n    vip: \"{vip}\"\n    port: {port}\n    protocol: {protocol}\n    mode: {mode}\n{extra}    reals:\n      - {{address: \"{real}\"}}\n";

    [Fact]
    public void Parse_IpipAndGue_ModesPortsAndSourcesRead()
    {
        var config = Parse("interface: veth0\n" + Source + "services:\n" + Service("a", "203.0.113.10", "dsr-ipip")
            + Service("b", "2001:db8:3::10", "dsr-gue", "    gue-port: 7000\n", real: "2001:db8:2::11"));
        Assert.Equal(ForwardingMode.DsrIpip, config.Services[0].Mode);
        Assert.Equal(ForwardingMode.DsrGue, config.Services[1].Mode);
        Assert.Equal((ushort)7000, config.Services[1].GuePort);
        Assert.Equal(new EncapSource(IPAddress.Parse("198.51.100.16"), 28), config.EncapSource4);
        Assert.Equal(4, config.EncapSource4!.VaryBits);
        Assert.Equal(new EncapSource(IPAddress.Parse("2001:db8:1::100"), 128), config.EncapSource6);
        Assert.Equal(0, config.EncapSource6!.VaryBits);
    }

    [Fact]
    public void Parse_GueWithoutPort_Default6080()
    {
        var config = Parse("interface: veth0\n" + Source + "services:\n" + Service("a", "203.0.113.10", "dsr-gue"));
        Assert.Equal((ushort)6080, config.Services[0].GuePort);
        Assert.Equal(ServiceConfig.DefaultGuePort, config.Services[0].GuePort);
    }

    [Fact]
    public void Parse_EncapSourceMissingForTheVipsFamily_RefusedAtTheMode()
    {
        Assert.Equal(["t.yaml:8:11: service 'b' is dsr-gue with an IPv6 VIP but 'encap-source' has no v6 (add 'encap-source: { v6: ADDRESS }' with an IPv6 address of FastLb's, the tunnels' outer source)"],
            Errors("interface: veth0\nencap-source: {v4: 198.51.100.16}\nservices:\n" + Service("b", "2001:db8:3::10", "dsr-gue", real: "2001:db8:2::11")));
        Assert.Single(Parse("interface: veth0\nencap-source: {v6: \"2001:db8:1::1\"}\nservices:\n" + Service("b", "2001:db8:3::10", "dsr-gue", real: "2001:db8:2::11")).Services);
    }

    [Fact]
    public void Parse_NoEncapSourceAtAll_RefusedForIpip()
    {
        Assert.Equal(["t.yaml:7:11: service 'a' is dsr-ipip with an IPv4 VIP but 'encap-source' has no v4 (add 'encap-source: { v4: ADDRESS }' with an IPv4 address of FastLb's, the tunnels' outer source)"],
            Errors("interface: veth0\nservices:\n" + Service("a", "203.0.113.10", "dsr-ipip")));
    }

    [Theory]
    [InlineData("v4: 2001:db8::1", "t.yaml:2:20: 'encap-source' v4 2001:db8::1 is not an IPv4 address (write it under v6, or give an IPv4 address of FastLb's)")]
    [InlineData("v4: 198.51.100.0/8", "t.yaml:2:20: 'encap-source' v4 prefix /8 varies more than 16 bits (use /16 or longer)")]
    [InlineData("v6: 2001:db8::/64", "t.yaml:2:20: 'encap-source' v6 prefix /64 varies more than 32 bits (use /96 or longer)")]
    [InlineData("v4: 198.51.100.1/33", "t.yaml:2:20: invalid 'encap-source' v4 '198.51.100.1/33' (expected an IPv4 ADDRESS or ADDRESS/PREFIX, e.g. 192.0.2.10 or 192.0.2.16/28)")]
    [InlineData("v4: 224.0.0.1", "t.yaml:2:20: 'encap-source' v4 224.0.0.1 is a multicast address; the outer source must be a unicast address of FastLb's")]
    [InlineData("v5: 198.51.100.1", "t.yaml:2:16: unknown key 'v5' in encap-source")]
    public void Parse_BadEncapSource_RefusedWithWhatToDo(string entry, string error)
    {
        var yaml = "interface: veth0\nencap-source: {" + entry + "}\nservices:\n" + Service("a", "203.0.113.10", "dsr-l2", real: "192.0.2.11").Replace("{address: \"192.0.2.11\"}", "{address: 192.0.2.11, mac: 02:00:00:00:00:11}");
        Assert.Equal([error], Errors(yaml));
    }

    [Fact]
    public void Parse_EmptyEncapSource_Refused()
    {
        Assert.Equal(
            [
                "t.yaml:2:15: 'encap-source' is empty (give v4: and/or v6: addresses of FastLb's, or remove it)",
                "t.yaml:8:11: service 'a' is dsr-ipip with an IPv4 VIP but 'encap-source' has no v4 (add 'encap-source: { v4: ADDRESS }' with an IPv4 address of FastLb's, the tunnels' outer source)",
            ],
            Errors("interface: veth0\nencap-source: {}\nservices:\n" + Service("a", "203.0.113.10", "dsr-ipip")));
    }

    [Fact]
    public void Parse_GuePortInIpip_Refused()
    {
        Assert.Equal(["t.yaml:11:5: 'gue-port' applies only in mode dsr-gue, not in dsr-ipip (remove it, or change 'mode')"],
            Errors("interface: veth0\n" + Source + "services:\n" + Service("a", "203.0.113.10", "dsr-ipip", "    gue-port: 7000\n")));
    }

    [Fact]
    public void Parse_UdpServiceOnTheGuePort_Refused_OtherPortLoads()
    {
        var gue = Service("g", "203.0.113.10", "dsr-gue");
        Assert.Equal(["t.yaml:15:11: service 'dns' is UDP on port 6080, the gue-port of service 'g': the reals' decapsulator would take its packets for GUE (choose another 'gue-port' for service 'g', default 6080)"],
            Errors("interface: veth0\n" + Source + "services:\n" + gue + Service("dns", "203.0.113.11", "dsr-ipip", port: 6080, protocol: "udp")));
        Assert.Equal(2, Parse("interface: veth0\n" + Source + "services:\n" + gue + Service("dns", "203.0.113.11", "dsr-ipip", port: 53, protocol: "udp")).Services.Count);
    }

    [Fact]
    public void Parse_GueServicesSharingARealOnDifferentPorts_Refused()
    {
        var errors = Errors("interface: veth0\n" + Source + "services:\n" + Service("a", "203.0.113.10", "dsr-gue")
            + Service("b", "203.0.113.11", "dsr-gue", "    gue-port: 7000\n"));
        Assert.Equal(["t.yaml:18:15: service 'b' tunnels to gue-port 7000 but service 'a', which shares a real with it, to 6080: a real's decapsulator listens on one port (give both the same 'gue-port')"], errors);
    }

    [Fact]
    public void Parse_IpipRealOnAnotherPort_Refused()
    {
        Assert.Equal(["t.yaml:12:37: real 192.0.2.11:8080: port 8080 differs from the service port 80, and mode dsr-ipip cannot translate ports (the real must listen on the service port)"],
            Errors(("interface: veth0\n" + Source + "services:\n" + Service("a", "203.0.113.10", "dsr-ipip")).Replace("{address: \"192.0.2.11\"}", "{address: 192.0.2.11, port: 8080}")));
    }
}
