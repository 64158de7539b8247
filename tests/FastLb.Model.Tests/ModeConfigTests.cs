// The keys of the routed and transparent modes: values read, defaults, and each rule's refusal beside its acceptance.
using System.Net.NetworkInformation;

namespace FastLb.Model.Tests;

public sealed class ModeConfigTests
{
    private const string Head = "interface: veth0\nservices:\n  - name: web\n    vip: 203.0.113.10\n    port: 80\n";

    private static FastLbConfig Parse(string yaml) => ConfigLoader.Parse(yaml, "t.yaml", TestLimits.Default);

    private static string[] Errors(string yaml) =>
        [.. Assert.Throws<ConfigException>(() => Parse(yaml)).Errors.Select(e => e.ToString())];

    [Fact]
    public void Parse_RoutedWithSnatAndTranslatedPort_ExactValues()
    {
        var service = Assert.Single(Parse(Head + "    mode: routed\n    snat: 203.0.113.200\n    snat-ports: 20000-29999\n    reals:\n      - {address: 192.0.2.11, port: 8080}\n").Services);
        Assert.Equal(ForwardingMode.Routed, service.Mode);
        Assert.Equal(IPAddress.Parse("203.0.113.200"), service.Snat);
        Assert.Equal(new PortRange(20000, 29999), service.SnatPorts);
        Assert.True(service.AnswerArp);
        var real = Assert.Single(service.Reals);
        Assert.Equal((ushort)8080, real.Port);
        Assert.Null(real.Mac);
    }

    [Fact]
    public void Parse_RoutedWithoutSnat_DefaultsAndClientAddressKept()
    {
        var service = Parse(Head + "    mode: routed\n    reals:\n      - {address: 192.0.2.11}\n").Services[0];
        Assert.Null(service.Snat);
        Assert.Equal(PortRange.DefaultSnat, service.SnatPorts);
        Assert.Equal(new PortRange(1024, 65535), service.SnatPorts);
    }

    [Fact]
    public void Parse_TransparentAnswerArpOffAndMacOptional_Loads()
    {
        var service = Parse(Head + "    mode: transparent\n    answer-arp: false\n    reals:\n      - {address: 192.0.2.11, port: 8080}\n      - {address: 192.0.2.12, mac: 02:00:00:00:00:12}\n").Services[0];
        Assert.Equal(ForwardingMode.Transparent, service.Mode);
        Assert.False(service.AnswerArp);
        Assert.Null(service.Reals[0].Mac);
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-12"), service.Reals[1].Mac);
    }

    [Fact]
    public void Parse_AnswerArpInRouted_Refused()
    {
        Assert.Equal(["t.yaml:7:5: 'answer-arp' applies only in mode transparent, not in routed (remove it, or change 'mode')"],
            Errors(Head + "    mode: routed\n    answer-arp: true\n    reals:\n      - {address: 192.0.2.11}\n"));
    }

    [Fact]
    public void Parse_SnatInDsrL2_Refused()
    {
        Assert.Equal(["t.yaml:6:5: 'snat' applies only in mode routed or transparent, not in dsr-l2 (remove it, or change 'mode')"],
            Errors(Head + "    snat: 203.0.113.200\n    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11}\n"));
    }

    [Fact]
    public void Parse_SnatPortsWithoutSnat_Refused()
    {
        Assert.Equal(["t.yaml:7:17: 'snat-ports' needs 'snat' in service 'web' (without 'snat' the real sees the client's address and no port is allocated)"],
            Errors(Head + "    mode: routed\n    snat-ports: 2000-3000\n    reals:\n      - {address: 192.0.2.11}\n"));
    }

    [Theory]
    [InlineData("1-65535", true)]
    [InlineData("7-7", true)]
    [InlineData("0-10", false)]
    [InlineData("10-9", false)]
    [InlineData("1024-65536", false)]
    [InlineData("1024", false)]
    [InlineData("a-b", false)]
    public void Parse_SnatPortsRange_BoundsChecked(string range, bool valid)
    {
        string yaml = Head + $"    mode: routed\n    snat: 203.0.113.200\n    snat-ports: \"{range}\"\n    reals:\n      - {{address: 192.0.2.11}}\n";
        if (valid)
        {
            Assert.Equal(range, Parse(yaml).Services[0].SnatPorts.ToString());
        }
        else
        {
            Assert.Equal([$"t.yaml:8:17: invalid 'snat-ports' '{range}' (expected FIRST-LAST with 1 <= FIRST <= LAST <= 65535, e.g. 1024-65535)"], Errors(yaml));
        }
    }

    [Theory]
    [InlineData("0.0.0.0", "the unspecified address")]
    [InlineData("255.255.255.255", "the broadcast address")]
    [InlineData("239.0.0.1", "a multicast address")]
    public void Parse_SnatNotUnicast_Refused(string snat, string what)
    {
        Assert.Equal([$"t.yaml:7:11: 'snat' {snat} is {what}; the SNAT source must be a unicast address of FastLb's"],
            Errors(Head + $"    mode: routed\n    snat: {snat}\n    reals:\n      - {{address: 192.0.2.11}}\n"));
    }

    [Fact]
    public void Parse_SnatOtherFamilyThanVip_Refused()
    {
        Assert.Equal(["t.yaml:7:11: 'snat' 2001:db8::5 is IPv6 but the VIP 203.0.113.10 of service 'web' is IPv4 (use an IPv4 address of FastLb's)"],
            Errors(Head + "    mode: transparent\n    snat: 2001:db8::5\n    reals:\n      - {address: 192.0.2.11}\n"));
    }

    [Fact]
    public void Parse_Ipv6RoutedWithSnat_Loads()
    {
        var service = Parse(Head.Replace("203.0.113.10", "2001:db8::10") + "    mode: routed\n    snat: 2001:db8::5\n    backup: {address: 2001:db8::99}\n    reals:\n      - {address: 2001:db8::11, port: 8080}\n").Services[0];
        Assert.Equal(IPAddress.Parse("2001:db8::5"), service.Snat);
        Assert.Equal((ushort)80, service.Backup!.Port);
    }

    [Fact]
    public void Parse_BackupOtherFamilyInRouted_Refused()
    {
        Assert.Equal(["t.yaml:7:23: backup 2001:db8::99 is IPv6 but the VIP 203.0.113.10 of service 'web' is IPv4"],
            Errors(Head + "    mode: routed\n    backup: {address: 2001:db8::99}\n    reals:\n      - {address: 192.0.2.11}\n"));
    }

    [Fact]
    public void Parse_InsideInterfaceWithRoutedServices_Loads()
    {
        var config = Parse(Head.Replace("interface: veth0", "interface: veth0\ninside-interface: veth1") + "    mode: routed\n    reals:\n      - {address: 192.0.2.11, port: 8080}\n"
            + "  - name: two\n    vip: 203.0.113.11\n    port: 80\n    mode: routed\n    reals:\n      - {address: 192.0.2.12}\n");
        Assert.Equal("veth1", config.InsideInterface);
        Assert.Equal("veth0", config.Interface);
    }

    [Fact]
    public void Parse_NoInsideInterface_OneArm()
    {
        Assert.Null(Parse(Head + "    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11}\n").InsideInterface);
    }

    [Fact]
    public void Parse_InsideInterfaceSameAsInterface_Refused()
    {
        Assert.Equal(["t.yaml:2:19: 'inside-interface' veth0 is the same as 'interface': inline needs a second interface toward the reals (remove 'inside-interface' for one-arm)"],
            Errors(Head.Replace("interface: veth0", "interface: veth0\ninside-interface: veth0") + "    mode: transparent\n    reals:\n      - {address: 192.0.2.11}\n"));
    }

    [Fact]
    public void Parse_InsideInterfaceWithDsrL2_Refused()
    {
        Assert.Equal(["t.yaml:7:11: service 'web' is dsr-l2, which is one-arm: with 'inside-interface' use mode routed or transparent, or remove 'inside-interface'"],
            Errors(Head.Replace("interface: veth0", "interface: veth0\ninside-interface: veth1") + "    mode: dsr-l2\n    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11}\n"));
    }

    [Fact]
    public void Parse_InsideInterfaceMixingRoutedAndTransparent_Refused()
    {
        Assert.Equal(["t.yaml:13:11: service 'two' is transparent but service 'web' is routed: with 'inside-interface' the two interfaces either route or bridge, so every service needs the same mode"],
            Errors(Head.Replace("interface: veth0", "interface: veth0\ninside-interface: veth1") + "    mode: routed\n    reals:\n      - {address: 192.0.2.11}\n"
                + "  - name: two\n    vip: 203.0.113.11\n    port: 80\n    mode: transparent\n    reals:\n      - {address: 192.0.2.12}\n"));
    }

    [Fact]
    public void Parse_MixedModesOneArm_Loads()
    {
        var config = Parse(Head + "    mode: routed\n    reals:\n      - {address: 192.0.2.11}\n"
            + "  - name: two\n    vip: 203.0.113.11\n    port: 80\n    mode: transparent\n    reals:\n      - {address: 192.0.2.12}\n"
            + "  - name: three\n    vip: 203.0.113.12\n    port: 80\n    reals:\n      - {address: 192.0.2.13, mac: 02:00:00:00:00:13}\n");
        Assert.Equal([ForwardingMode.Routed, ForwardingMode.Transparent, ForwardingMode.DsrL2], config.Services.Select(s => s.Mode));
    }

    [Fact]
    public void Parse_RoutedRealWithMac_AcceptedUnused()
    {
        var real = Parse(Head + "    mode: routed\n    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11}\n").Services[0].Reals[0];
        Assert.Equal(PhysicalAddress.Parse("02-00-00-00-00-11"), real.Mac);
    }
}
