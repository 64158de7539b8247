// The keys of a service, with the forwarding modes each applies to.
namespace FastLb.Model.Reading;

internal static class ServiceKeys
{
    private static readonly KeyScope Nat = KeyScope.Modes(ForwardingMode.Routed, ForwardingMode.Transparent);

    public static readonly KeyRow[] All =
    [
        new("name", KeyType.Text, Required: true),
        new("vip", KeyType.VipAddress, Required: true),
        new("port", KeyType.Port, Required: true),
        new("protocol", KeyType.Choice, L4Protocol.Tcp)
        {
            Choices = ConfigNames<L4Protocol>.Choices, Unsupported = true,
        },
        new("mode", KeyType.Choice, ForwardingMode.DsrL2) { Choices = ConfigNames<ForwardingMode>.Choices, Unsupported = true },
        new("algorithm", KeyType.Choice, SchedulingAlgorithm.Maglev)
        {
            Choices = ConfigNames<SchedulingAlgorithm>.Choices, Unsupported = true,
        },
        new("hash-fields", KeyType.FieldList, FlowFields.All),
        new("sticky-fields", KeyType.FieldList, FlowFields.SrcIp),

        // The data plane counts a client's idle time in whole seconds.
        new("sticky-timeout", KeyType.Duration, ServiceConfig.DefaultStickyTimeout) { MinDuration = TimeSpan.FromSeconds(1) },

        // Range and primality depend on the data plane's limits: the validator checks them.
        new("ring-size", KeyType.Int, ServiceConfig.DefaultRingSize) { Min = int.MinValue, RangeText = "a prime the data plane can hold" },
        new("on-all-down", KeyType.Choice, AllDownPolicy.Drop)
        {
            Choices = ConfigNames<AllDownPolicy>.Choices,
        },
        new("snat", KeyType.SnatAddress) { Scope = Nat },
        new("snat-ports", KeyType.PortRange, PortRange.DefaultSnat) { Scope = Nat },
        new("answer-arp", KeyType.Bool, true) { Scope = KeyScope.Modes(ForwardingMode.Transparent) },
        new("gue-port", KeyType.Port, ServiceConfig.DefaultGuePort) { Scope = KeyScope.Modes(ForwardingMode.DsrGue) },

        // NAT modes need a reverse entry per flow; the algorithm is checked beside the others' keys.
        new("stateless", KeyType.Bool, false) { Scope = KeyScope.Modes(ForwardingMode.DsrL2, ForwardingMode.DsrIpip, ForwardingMode.DsrGue) },
        new("backup", KeyType.Structure),
        new("check", KeyType.Structure),
        new("reals", KeyType.Structure),
    ];
}
