using System.Net.NetworkInformation;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Interop.Netns;
using Microsoft.Extensions.Logging;

namespace FastLb.Reconciler;

/// <summary>
/// The loaded fastlb XDP object, its maps, and its attachment to the outside interface and,
/// inline, the inside one. Owns the
/// lifecycle in libbpf-bootstrap order: open, load, fill config, attach; Dispose detaches
/// first, then closes the object, so no packet meets a half-torn-down program.
/// </summary>
public sealed class DataPlane : IDisposable
{
    public const string ProgramName = "fastlb_xdp";

    private readonly BpfObject _object;
    private XdpAttachment? _attachment;
    private XdpAttachment? _insideAttachment;
    private PinnedState? _pins;

    private DataPlane(BpfObject obj, int flowTableSize, uint natFlags)
    {
        _object = obj;
        Program = obj.Program(ProgramName);
        Services = new ServiceTable(obj.Map(ServiceTable.IdsMap), obj.Map(ServiceTable.ConfigsMap), obj.Map(ServiceTable.LiveMap),
            new VipIndex(obj.Map(VipIndex.FilterMap), obj.Map(VipIndex.HintMap), obj.Map(VipIndex.KeysMap)));
        Rings = obj.Map("fastlb_rings");
        RingTables = new RingTables(Rings);
        Grace = new GracePeriod();
        Reals = obj.Map("fastlb_reals");
        Topology = obj.Map("fastlb_topology");
        Flows = new FlowTable(obj.Map(FlowTable.MapName));
        Nat = new NatTable(obj.Map(NatTable.OuterMap), flowTableSize, natFlags);
        RealHops = obj.Map("fastlb_real_hops");
        Vips = obj.Map("fastlb_vips");
        Ports = obj.Map("fastlb_ports");
        Stats = obj.Map("fastlb_stats");
        ServiceStats = obj.Map("fastlb_svc_stats");
        RealStats = obj.Map("fastlb_real_stats");
        Encap = obj.Map("fastlb_encap");
        RoundRobinPositions = obj.Map("fastlb_rr_pos");
        RealActive = obj.Map("fastlb_real_active");
        Sticky = obj.Map("fastlb_sticky");
        FlowEvents = obj.Map("fastlb_flow_events");
    }

    public BpfProgram Program { get; }

    /// <summary>VIP key -> service id -> live config: fastlb_services, fastlb_service_live, fastlb_service_cfg.</summary>
    public ServiceTable Services { get; }

    /// <summary>ARRAY_OF_MAPS: service id × 2 + copy -> that copy's selection table (<see cref="RingTables"/>).</summary>
    public BpfMap Rings { get; }

    /// <summary>The selection tables in <see cref="Rings"/>, mapped for writing.</summary>
    public RingTables RingTables { get; }

    /// <summary>Waits for programs that may still read what a write just replaced (<see cref="MapWriter"/>).</summary>
    public GracePeriod Grace { get; }

    public BpfMap Reals { get; }

    public BpfMap Topology { get; }

    /// <summary>The connection table: a flow's 5-tuple -> the real it is pinned to (bpf/lib/flowtab.h).</summary>
    public FlowTable Flows { get; }

    /// <summary>Reverse entries of NAT'd flows (routed, transparent), keyed by the reply's 5-tuple; created with the first such service.</summary>
    public NatTable Nat { get; }

    /// <summary>Real index -> next hop toward it (per CPU): routed reals, transparent reals without a MAC.</summary>
    public BpfMap RealHops { get; }

    /// <summary>Addresses the program answers ARP / neighbour solicitations for.</summary>
    public BpfMap Vips { get; }

    /// <summary>DEVMAP: enum fastlb_port -> ifindex, where XDP_REDIRECT sends.</summary>
    public BpfMap Ports { get; }

    /// <summary>Service id -> the tunnel of a dsr-ipip / dsr-gue service (outer source, GUE port).</summary>
    public BpfMap Encap { get; }

    public BpfMap Stats { get; }

    public BpfMap ServiceStats { get; }

    public BpfMap RealStats { get; }

    /// <summary>Service id -> position in its round-robin sequence (u64).</summary>
    public BpfMap RoundRobinPositions { get; }

    /// <summary>Real index -> active flows (s64), counted by the data plane.</summary>
    public BpfMap RealActive { get; }

    /// <summary>enum fastlb_flow_event -> count, per CPU (<see cref="FlowEvent"/>).</summary>
    public BpfMap FlowEvents { get; }

    /// <summary>Sticky clients: <see cref="StickyKey"/> -> <see cref="FastLb.Interop.Abi.Sticky"/>.</summary>
    public BpfMap Sticky { get; }

    /// <summary>The (outside) interface the program is attached to, if any.</summary>
    public XdpAttachment? Attachment => _attachment;

    /// <summary>The inside interface the program is attached to, when inline.</summary>
    public XdpAttachment? InsideAttachment => _insideAttachment;

    /// <summary>Opens and loads the XDP object (verifier errors surface as BpfException with the log).</summary>
    /// <remarks>With <paramref name="pins"/>, maps are pinned there (or the pinned ones reused) and attachments pinned too.</remarks>
    public static DataPlane Load(ILogger logger, string? objectPath = null, PinnedState? pins = null) => Load(logger, DataPlaneOptions.Compiled, objectPath, pins);

    /// <summary>Opens the XDP object, sizes its connection tables and writes its timeouts, then loads it.</summary>
    /// <remarks>With <paramref name="pins"/>, maps are pinned there (or the pinned ones reused) and attachments pinned too.</remarks>
    public static DataPlane Load(ILogger logger, DataPlaneOptions options, string? objectPath = null, PinnedState? pins = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var natFlags = NatTable.FlagsFor(options);
        return BpfObjectLoader.Load("fastlb", objectPath, logger, obj =>
        {
            foreach (var map in ServiceSized)
            {
                obj.SetMaxEntries(map, (uint)options.MaxServices);
            }
            obj.SetMaxEntries("fastlb_rings", (uint)options.MaxServices * 2);
            obj.SetMaxEntries(ServiceTable.ConfigsMap, (uint)options.MaxServices * 2);
            foreach (var map in RealSized)
            {
                obj.SetMaxEntries(map, (uint)options.MaxReals);
            }
            var buckets = FlowTable.BucketsFor(options.FlowTableSize);
            obj.SetMaxEntries(FlowTable.MapName, buckets);
            WriteTimeouts(obj, options.ToAbi());
            WriteRodata(obj, "fastlb_flow_mask", buckets - 1);
            obj.SetInnerMapFlags(NatTable.OuterMap, natFlags);
            pins?.Prepare(obj);
        }, obj => new DataPlane(obj, options.FlowTableSize, natFlags) { _pins = pins });
    }

    /// <summary>Maps with one entry per service id (fastlb_vips: per VIP, at most one per service).</summary>
    internal static readonly string[] ServiceSized = ["fastlb_services", "fastlb_service_live", "fastlb_service_key", "fastlb_svc_stats", "fastlb_rr_pos", "fastlb_vips", "fastlb_encap"];

    /// <summary>Maps with one entry per real index.</summary>
    internal static readonly string[] RealSized = ["fastlb_reals", "fastlb_real_stats", "fastlb_real_active", "fastlb_real_hops", "fastlb_encap_nh"];

    /// <summary>Writes fastlb_timeouts, the read-only global any object including timeouts.h holds, before load.</summary>
    internal static void WriteTimeouts(BpfObject obj, Timeouts timeouts) => WriteRodata(obj, "fastlb_timeouts", timeouts);

    /// <summary>Writes the read-only global <paramref name="name"/> of <paramref name="obj"/> before load.</summary>
    internal static void WriteRodata<T>(BpfObject obj, string name, T value)
        where T : unmanaged
    {
        using var btf = obj.Btf();
        var (offset, size) = btf.VariableIn(".rodata", name);
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));
        if (size != bytes.Length)
        {
            throw new InvalidOperationException($"{name} is {size} bytes in '{obj.Path}', {typeof(T).Name} is {bytes.Length}");
        }
        obj.WriteInitialValue(".rodata", offset, bytes);
    }

    /// <summary>
    /// Writes fastlb_topology and fastlb_ports and attaches the program to <paramref name="ifname"/>
    /// (the outside, client side) and, inline, to <paramref name="insideIfname"/> (the server side),
    /// both inside <paramref name="ns"/> (null: this process's namespace). <paramref name="bridge"/>
    /// (inline only: some service is transparent) makes frames not for FastLb cross between the two.
    /// </summary>
    public void Attach(string ifname, NetworkNamespace? ns, XdpAttachMode mode = XdpAttachMode.Auto, string? insideIfname = null, bool bridge = false)
    {
        if (_attachment is not null)
        {
            throw new InvalidOperationException($"already attached to ifindex {_attachment.Ifindex}");
        }
        if (insideIfname == ifname)
        {
            throw new ArgumentException($"inside interface '{insideIfname}' is the outside interface", nameof(insideIfname));
        }
        var (ifindex, mac) = Interface(ifname, ns);
        var (insideIfindex, insideMac) = insideIfname is null ? (0, mac) : Interface(insideIfname, ns);
        var flags = bridge && insideIfname is not null ? TopologyFlags.Bridge : TopologyFlags.None;
        Topology.Update(0u, FastLb.Interop.Abi.Topology.Create(mac, ifindex, insideMac, insideIfindex, flags));
        // DEVMAP entries name devices of the writer's namespace.
        RunIn(ns, () =>
        {
            Ports.Update((uint)Port.Outside, (uint)ifindex);
            if (insideIfname is not null)
            {
                Ports.Update((uint)Port.Inside, (uint)insideIfindex);
            }
            return 0;
        });
        try
        {
            _attachment = RunIn(ns, () => Program.AttachXdp(ifindex, mode));
            PinAttachment(_attachment, PinnedState.Outside);
            if (insideIfname is not null)
            {
                _insideAttachment = RunIn(ns, () => Program.AttachXdp(insideIfindex, mode));
                PinAttachment(_insideAttachment, PinnedState.Inside);
            }
        }
        catch
        {
            Detach();
            throw;
        }
    }

    /// <summary>With pinned state, the link outlives this process: forwarding goes on if the controller dies.</summary>
    private void PinAttachment(XdpAttachment attachment, string role)
    {
        if (_pins is not null)
        {
            attachment.Pin(_pins.LinkPath(role));
        }
    }

    private static (int Ifindex, PhysicalAddress Mac) Interface(string ifname, NetworkNamespace? ns)
    {
        var where = ns is null ? "" : $" in namespace '{ns.Name}'";
        return RunIn(ns, () =>
        {
            var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == ifname)
                ?? throw new InvalidOperationException($"interface '{ifname}' not found{where}");
            return (NetInterfaces.InterfaceIndex(ifname), nic.GetPhysicalAddress());
        });
    }

    /// <summary>Detaches the program; the maps stay and the object stays loaded.</summary>
    public void Detach()
    {
        _insideAttachment?.Dispose();
        _insideAttachment = null;
        _attachment?.Dispose();
        _attachment = null;
    }

    public void Dispose()
    {
        Detach();
        RingTables.Dispose();
        Nat.Dispose();
        Services.Dispose();
        Flows.Dispose();
        Grace.Dispose();
        _object.Dispose();
    }

    private static T RunIn<T>(NetworkNamespace? ns, Func<T> func) => ns is null ? func() : ns.Run(func);
}
