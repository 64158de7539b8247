// FastLb configs for the mode labs, built in code: one IPv4 and one IPv6 service from the VIP's port 80 to the reals' 8080.
using System.Net.NetworkInformation;

namespace FastLb.LabTests;

internal static class ModeConfigs
{
    /// <summary>
    /// Services "web" (the IPv4 VIP) and "web6" (the IPv6 VIP) in the lab's mode, SNAT to FastLb's
    /// address when the lab is one-arm, the inside interface when inline, reals' MACs only where
    /// FastLb cannot resolve them.
    /// </summary>
    public static FastLbConfig For(ModeLab lab)
    {
        var mode = lab.ModeName == "routed" ? ForwardingMode.Routed : ForwardingMode.Transparent;
        ServiceConfig Service(string name, System.Net.IPAddress vip, IReadOnlyList<System.Net.IPAddress> addresses, System.Net.IPAddress? snat) =>
            new(name, vip, ModeLab.ServicePort, L4Protocol.Tcp, mode, SchedulingAlgorithm.Maglev, ServiceConfig.DefaultRingSize,
                AllDownPolicy.Drop, null, null,
                [.. Enumerable.Range(0, ModeLab.RealCount).Select(i => new RealConfig(lab.RealNames[i], addresses[i], ModeLab.RealPort,
                    lab.RealsNeedMac ? PhysicalAddress.Parse(lab.RealMacs[i]) : null, 1, null)
                { Location = new ConfigLocation("lab.yaml", 10 + i, 9) })])
            {
                Snat = snat,
                AnswerArp = mode == ForwardingMode.Transparent,
                Location = new ConfigLocation("lab.yaml", 5, 5),
            };
        return new FastLbConfig(lab.LbInterface, lab.Lb.Name, "127.0.0.1:0",
            [Service("web", lab.Vip, lab.RealAddresses, lab.SnatAddress), Service("web6", lab.VipV6, lab.RealAddressesV6, lab.SnatAddressV6)])
        {
            InsideInterface = lab.InsideInterface,
            SourceFile = "lab.yaml",
        };
    }
}
