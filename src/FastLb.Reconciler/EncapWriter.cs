using System.Net.Sockets;
using FastLb.Interop.Abi;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// Writes fastlb_encap, the tunnel of each dsr-ipip / dsr-gue service, before the service entry
/// that sends packets into it; only entries that changed are written. Entries of other services
/// are never read by the program, so none is removed.
/// </summary>
internal sealed class EncapWriter(DataPlane dataPlane)
{
    private readonly Dictionary<uint, Encap> _written = [];

    public void Write(PlannedService planned, DataPlanePlan plan)
    {
        var config = planned.Config;
        if (config.Mode is not (ForwardingMode.DsrIpip or ForwardingMode.DsrGue))
        {
            return;
        }

        var source = (config.Vip.AddressFamily == AddressFamily.InterNetworkV6 ? plan.EncapSource6 : plan.EncapSource4)
            ?? throw new InvalidOperationException($"service '{config.Name}' is {config.Mode} but encap-source has no address of its VIP's family");
        var value = Encap.Create(source.Address, source.VaryBits, config.Mode == ForwardingMode.DsrGue ? config.GuePort : (ushort)0);
        if (_written.TryGetValue(planned.Id, out var old) && Same(old, value))
        {
            return;
        }

        dataPlane.Encap.Update(planned.Id, value);
        _written[planned.Id] = value;
    }

    private static bool Same(in Encap a, in Encap b) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<Encap>(in a))
            .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<Encap>(in b)));
}
