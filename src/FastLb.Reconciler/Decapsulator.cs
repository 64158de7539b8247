using System.Net;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Interop.Netns;
using Microsoft.Extensions.Logging;

namespace FastLb.Reconciler;

/// <summary>
/// The real's side of L3 DSR: the loaded decap XDP object (bpf/decap.bpf.c), its VIPs and GUE
/// port, and its attachment. <see cref="AttachPinned"/> pins the link and maps under
/// <see cref="PinDirectory"/> so the program outlives the process; <see cref="DetachPinned"/>
/// detaches it and removes the pins.
/// </summary>
public sealed class Decapsulator : IDisposable
{
    public const string ProgramName = "fastlb_decap";

    /// <summary>Where attached decapsulators are pinned: one directory per interface.</summary>
    public const string PinRoot = "/sys/fs/bpf/fastlb-decap";

    private const string VipsMap = "fastlb_decap_vips";
    private const string ConfigMap = "fastlb_decap_config";
    private const string StatsMap = "fastlb_decap_stats";

    /// <summary>The maps pinned beside the link.</summary>
    private static readonly string[] MapNames = [VipsMap, ConfigMap, StatsMap];

    private readonly BpfObject _object;
    private XdpAttachment? _attachment;

    private Decapsulator(BpfObject obj)
    {
        _object = obj;
        // Looked up once now, so an object without them fails at load rather than at first use.
        _ = obj.Program(ProgramName);
        foreach (var name in MapNames)
        {
            _ = obj.Map(name);
        }
    }

    public BpfProgram Program => _object.Program(ProgramName);

    /// <summary>VIP address -> 0: the inner destinations decapsulated.</summary>
    public BpfMap Vips => _object.Map(VipsMap);

    /// <summary>One entry (key 0): the GUE port.</summary>
    public BpfMap Config => _object.Map(ConfigMap);

    /// <summary>enum fastlb_decap_reason -> per-CPU packet counts.</summary>
    public BpfMap Stats => _object.Map(StatsMap);

    public static Decapsulator Load(ILogger? logger = null, string? objectPath = null)
    {
        return BpfObjectLoader.Load("decap", objectPath, logger, _ => { }, obj => new Decapsulator(obj));
    }

    /// <summary>The pin directory of <paramref name="ifname"/> (in namespace <paramref name="ns"/>, null: the current one).</summary>
    public static string PinDirectory(string ifname, string? ns) =>
        ns is null ? Path.Combine(PinRoot, ifname) : Path.Combine(PinRoot, ns, ifname);

    /// <summary>Writes the VIPs the decapsulator accepts and the GUE port (0: no GUE).</summary>
    public void Configure(IReadOnlyCollection<IPAddress> vips, ushort guePort)
    {
        ArgumentNullException.ThrowIfNull(vips);
        if (vips.Count == 0)
        {
            throw new ArgumentException("no VIP: the decapsulator needs at least one VIP to accept", nameof(vips));
        }
        if (vips.Count > AbiLimits.DecapMaxVips)
        {
            throw new ArgumentException($"{vips.Count} VIPs: the decapsulator holds at most {AbiLimits.DecapMaxVips}", nameof(vips));
        }
        foreach (var vip in vips)
        {
            Vips.Update(VipAddr.Create(vip), 0u);
        }
        Config.Update(0u, DecapConfig.Create(guePort));
    }

    /// <summary>Attaches to <paramref name="ifname"/> in <paramref name="ns"/> for as long as this object lives.</summary>
    public void Attach(string ifname, NetworkNamespace? ns, XdpAttachMode mode = XdpAttachMode.Auto)
    {
        if (_attachment is not null)
        {
            throw new InvalidOperationException($"already attached to ifindex {_attachment.Ifindex}");
        }
        _attachment = Run(ns, () =>
        {
            int ifindex;
            try
            {
                ifindex = NetInterfaces.InterfaceIndex(ifname);
            }
            catch (ArgumentException)
            {
                throw new InvalidOperationException($"interface '{ifname}' not found{Where(ns)}");
            }
            return Program.AttachXdp(ifindex, mode);
        });
    }

    /// <summary>
    /// Attaches and pins link and maps under <see cref="PinDirectory"/>: the program stays after
    /// this object is disposed. Refuses an interface that already has a pinned decapsulator.
    /// </summary>
    public string AttachPinned(string ifname, NetworkNamespace? ns, string? nsName, XdpAttachMode mode = XdpAttachMode.Auto)
    {
        var dir = PinDirectory(ifname, nsName);
        if (Directory.Exists(dir))
        {
            throw new InvalidOperationException($"a decapsulator is already attached to '{ifname}'{Where(ns)} (pinned at {dir}): detach it first");
        }
        Attach(ifname, ns, mode);
        try
        {
            Directory.CreateDirectory(dir);
            foreach (var name in MapNames)
            {
                _object.Map(name).Pin(Path.Combine(dir, name));
            }
            _attachment!.Pin(Path.Combine(dir, "link"));
            return dir;
        }
        catch
        {
            RemovePins(dir);
            Detach();
            throw;
        }
    }

    /// <summary>Detaches <paramref name="ifname"/>'s decapsulator and removes its pins; false when there was none.</summary>
    public static bool DetachPinned(string ifname, string? nsName)
    {
        var dir = PinDirectory(ifname, nsName);
        if (!Directory.Exists(dir))
        {
            return false;
        }
        // Unpinning alone drops the last reference to the link, and the kernel releases a link (so
        // detaches its program) later, from a work queue: detach it now, so the program is off the
        // interface when this returns.
        using (var link = PinnedLink.TryOpen(Path.Combine(dir, "link")))
        {
            link?.Detach();
        }
        RemovePins(dir);
        return true;
    }

    /// <summary>Packets counted under <paramref name="reason"/>, all CPUs.</summary>
    public ulong Count(DecapReason reason) =>
        Stats.LookupPerCpu<uint, Counter>((uint)reason).Aggregate(0ul, (s, c) => s + c.Packets);

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

    private static void RemovePins(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            File.Delete(file);
        }
        Directory.Delete(dir);
        // The namespace's directory goes with its last interface, the root with its last namespace.
        for (var parent = Path.GetDirectoryName(dir); parent is not null && parent.StartsWith(PinRoot, StringComparison.Ordinal);
             parent = Path.GetDirectoryName(parent))
        {
            if (Directory.EnumerateFileSystemEntries(parent).Any())
            {
                break;
            }
            Directory.Delete(parent);
        }
    }

    private static string Where(NetworkNamespace? ns) => ns is null ? "" : $" in namespace '{ns.Name}'";

    private static T Run<T>(NetworkNamespace? ns, Func<T> func) => ns is null ? func() : ns.Run(func);
}
