using System.Net.NetworkInformation;
using FastLb.Interop;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Interop.Netns;
using Microsoft.Extensions.Logging;

namespace FastLb.Reconciler;

/// <summary>
/// The loaded fastlb XDP object, its maps, and its attachment to one interface. Owns the
/// lifecycle in libbpf-bootstrap order: open, load, fill config, attach; Dispose detaches
/// first, then closes the object, so no packet meets a half-torn-down program.
/// </summary>
public sealed class DataPlane : IDisposable
{
    public const string ProgramName = "fastlb_xdp";

    private readonly BpfObject _object;
    private XdpAttachment? _attachment;
    private PinnedState? _pins;

    private DataPlane(BpfObject obj)
    {
        _object = obj;
        Program = obj.Program(ProgramName);
        Services = obj.Map("fastlb_services");
        Rings = obj.Map("fastlb_rings");
        Reals = obj.Map("fastlb_reals");
        Topology = obj.Map("fastlb_topology");
        Flows = obj.Map("fastlb_flows");
        Stats = obj.Map("fastlb_stats");
        ServiceStats = obj.Map("fastlb_svc_stats");
        RealStats = obj.Map("fastlb_real_stats");
    }

    public BpfProgram Program { get; }

    public BpfMap Services { get; }

    public BpfMap Rings { get; }

    public BpfMap Reals { get; }

    public BpfMap Topology { get; }

    public BpfMap Flows { get; }

    public BpfMap Stats { get; }

    public BpfMap ServiceStats { get; }

    public BpfMap RealStats { get; }

    /// <summary>The interface the program is attached to, if any.</summary>
    public XdpAttachment? Attachment => _attachment;

    /// <summary>Opens and loads the XDP object (verifier errors surface as BpfException with the log).</summary>
    /// <remarks>With <paramref name="pins"/>, maps are pinned there (or the pinned ones reused) and attachments pinned too.</remarks>
    public static DataPlane Load(ILogger logger, string? objectPath = null, PinnedState? pins = null)
    {
        var obj = BpfObject.Open(objectPath ?? NativePaths.BpfObject("fastlb"), logger);
        try
        {
            pins?.Prepare(obj);
            obj.Load();
            return new DataPlane(obj) { _pins = pins };
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the interface's MAC into fastlb_topology and attaches the program to
    /// <paramref name="ifname"/> inside <paramref name="ns"/> (null: this process's namespace).
    /// </summary>
    public void Attach(string ifname, NetworkNamespace? ns, XdpAttachMode mode = XdpAttachMode.Auto)
    {
        if (_attachment is not null)
        {
            throw new InvalidOperationException($"already attached to ifindex {_attachment.Ifindex}");
        }
        var where = ns is null ? "" : $" in namespace '{ns.Name}'";
        (int ifindex, PhysicalAddress mac) = RunIn(ns, () =>
        {
            var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == ifname)
                ?? throw new InvalidOperationException($"interface '{ifname}' not found{where}");
            return (NetInterfaces.InterfaceIndex(ifname), nic.GetPhysicalAddress());
        });
        Topology.Update(0u, FastLb.Interop.Abi.Topology.Create(mac, ifindex));
        _attachment = RunIn(ns, () => Program.AttachXdp(ifindex, mode));
        PinAttachment(_attachment, PinnedState.Outside);
    }

    /// <summary>With pinned state, the link outlives this process: forwarding goes on if the controller dies.</summary>
    private void PinAttachment(XdpAttachment attachment, string role)
    {
        if (_pins is null)
        {
            return;
        }
        try
        {
            attachment.Pin(_pins.LinkPath(role));
        }
        catch
        {
            Detach();
            throw;
        }
    }

    /// <summary>Detaches the program; the maps stay and the object stays loaded.</summary>
    public void Detach()
    {
        _attachment?.Dispose();
        _attachment = null;
    }

    public void Dispose()
    {
        Detach();
        _object.Dispose();
    }

    private static T RunIn<T>(NetworkNamespace? ns, Func<T> func) => ns is null ? func() : ns.Run(func);
}
