using System.Net;
using System.Runtime.InteropServices;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Scheduling;

namespace FastLb.Reconciler;

/// <summary>
/// Answers "where does this flow go" from the pinned maps of an instance, the way the XDP
/// program decides it (flows_lookup, then sel_maglev): nothing is recomputed from the config.
/// </summary>
public static class FlowExplainer
{
    /// <exception cref="InvalidOperationException">The instance has no pinned maps.</exception>
    public static FlowExplanation Explain(PinnedState pins, IPEndPoint client, IPEndPoint vip, byte protocol)
    {
        if (!File.Exists(Path.Combine(pins.Directory, "fastlb_services")))
        {
            throw new InvalidOperationException($"instance '{pins.Instance}' has no pinned maps in {pins.Directory}: is it running?");
        }
        using var services = ServiceTable.OpenPinned(pins.Directory);
        using var rings = BpfMap.OpenPinned(Path.Combine(pins.Directory, "fastlb_rings"));
        using var reals = BpfMap.OpenPinned(Path.Combine(pins.Directory, "fastlb_reals"));
        using var flows = FlowTable.OpenPinned(pins.Directory);

        var name = $"{Format(client)} -> {Format(vip)}/{(protocol == 6 ? "tcp" : protocol == 17 ? "udp" : protocol.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        var key = FlowKey.Create(client.Address, (ushort)client.Port, vip.Address, (ushort)vip.Port, protocol);
        var hash = FlowHash.OfFlowKey(MemoryMarshal.AsBytes(new ReadOnlySpan<FlowKey>(in key)));
        if (!services.TryLookup(VipKey.Create(vip.Address, (ushort)vip.Port, protocol), out Service service))
        {
            return new FlowExplanation(name, false, 0, "", 0, 0, false, "no service has this VIP, port and protocol: the packet passes to the kernel", hash, 0, null, null, false);
        }

        // A stateless service's packets skip the table; otherwise, as flows_lookup, an entry counts
        // only for this service and an up real of it.
        string note;
        if (service.Flags.HasFlag(ServiceFlags.Stateless))
        {
            note = "not read: the service is stateless, every packet is placed by its ring";
        }
        else if (flows.TryLookup(key, out Flow flow))
        {
            var ok = reals.TryLookup(flow.Real, out Real pinned) && pinned.Flags.HasFlag(RealFlags.Up) && pinned.Service == service.Id;
            if (flow.Service == service.Id && ok)
            {
                return new FlowExplanation(name, true, service.Id, Model.ConfigNames<Mode>.Of(service.Mode), service.RingSize, service.RingActive, true,
                    $"the flow table holds the flow on real {flow.Real}", hash, service.RingSize == 0 ? 0 : hash % service.RingSize,
                    flow.Real, Endpoint(pinned), true);
            }
            note = flow.Service != service.Id
                ? $"the flow table's entry names service {flow.Service}, not {service.Id}: it is treated as new"
                : $"the flow table's entry names real {flow.Real}, which is down or no longer this service's: it is treated as new";
        }
        else
        {
            note = "the flow table has no entry: a new flow";
        }

        var slot = service.RingSize == 0 ? 0 : hash % service.RingSize;
        uint? index = null;
        string? endpoint = null;
        var up = false;
        if (service.RingSize > 0 && RingTables.ReadSlot(rings, service.Id, service.RingActive & 1u, slot) is { } ringReal && ringReal != AbiLimits.NoReal)
        {
            index = ringReal;
            if (reals.TryLookup(ringReal, out Real real))
            {
                endpoint = Endpoint(real);
                up = real.Flags.HasFlag(RealFlags.Up);
            }
        }
        return new FlowExplanation(name, true, service.Id, Model.ConfigNames<Mode>.Of(service.Mode), service.RingSize, service.RingActive, false, note, hash, slot, index, endpoint, up);
    }

    private static string Endpoint(Real real) => Format(new IPEndPoint(real.Address, real.HostPort));

    private static string Format(IPEndPoint e) => e.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{e.Address}]:{e.Port}" : $"{e.Address}:{e.Port}";
}
