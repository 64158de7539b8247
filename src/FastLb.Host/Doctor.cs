using System.Net;
using System.Text.Json;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Model;
using FastLb.Reconciler;

namespace FastLb.Host;

/// <summary>
/// Why isn't it forwarding: checks the instance of a config in plain words, each failure with
/// its fix: the program on the interface, the interface, its MTU, VIP traffic arriving, the
/// reals' neighbour entries or routes, DSR reals' VIP and ARP settings (given their namespaces),
/// each real's health and last failure, and drop counters rising.
/// </summary>
public static class Doctor
{
    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(FastLbConfig config, IReadOnlyDictionary<string, string> realNamespaces, TimeSpan sample, CancellationToken ct)
    {
        var checks = new List<DoctorCheck>();
        var pins = new PinnedState(config.Instance);
        var ns = config.Namespace;
        var ifname = config.Interface;

        JsonElement link;
        try
        {
            link = IpTool.Json(ns, "-d", "link", "show", "dev", ifname)[0];
        }
        catch (InvalidOperationException e)
        {
            checks.Add(DoctorCheck.Failure("interface", $"'{ifname}' not found{(ns is null ? "" : $" in namespace {ns}")}: {e.Message}", $"create it, or fix 'interface:' in {config.SourceFile}"));
            return checks;
        }
        checks.Add(Attached(pins, ifname, link));
        checks.Add(Up(ifname, link));
        checks.Add(Mtu(ifname, link));

        var before = ReadCounters(pins);
        if (sample > TimeSpan.Zero)
        {
            await Task.Delay(sample, ct);
        }
        var after = ReadCounters(pins);
        checks.AddRange(VipTraffic(config, before, after));
        foreach (var service in config.Services)
        {
            foreach (var real in service.Reals)
            {
                checks.Add(service.Mode == ForwardingMode.Routed ? Route(ns, service, real) : Neighbour(ns, ifname, service, real));
                if (service.Mode == ForwardingMode.DsrL2 && realNamespaces.TryGetValue(real.Name, out var realNs))
                {
                    checks.AddRange(DsrReal(realNs, service, real));
                }
            }
        }
        checks.AddRange(await HealthAsync(config, ct));
        checks.AddRange(Drops(before, after, sample));
        return checks;
    }

    private static DoctorCheck Attached(PinnedState pins, string ifname, JsonElement link)
    {
        using var pinned = File.Exists(pins.LinkPath(PinnedState.Outside)) ? PinnedLink.TryOpen(pins.LinkPath(PinnedState.Outside)) : null;
        var xdp = link.TryGetProperty("xdp", out var x) ? x : default;
        var progId = xdp.ValueKind == JsonValueKind.Object && xdp.TryGetProperty("prog", out var prog) ? prog.GetProperty("id").GetUInt32() : 0u;
        var mode = xdp.ValueKind == JsonValueKind.Object && xdp.TryGetProperty("mode", out var m) ? m.GetInt32() switch
        {
            1 => "native",
            2 => "generic",
            3 => "offloaded",
            _ => "mixed",
        } : "none";
        if (pinned is null)
        {
            return DoctorCheck.Failure("program attached", $"instance '{pins.Instance}' has no pinned program ({pins.LinkPath(PinnedState.Outside)} missing)" + (progId != 0 ? $"; {ifname} runs another XDP program (id {progId})" : ""),
                "start the controller: fastlb run --config FILE (it attaches once the first checks pass)");
        }
        if (progId == 0 || progId != pinned.ProgramId)
        {
            return DoctorCheck.Failure("program attached", $"the pinned link runs program {pinned.ProgramId} on ifindex {pinned.Ifindex}, but {ifname} runs {(progId == 0 ? "no XDP program" : $"program {progId}")}",
                $"fastlb stop --detach --instance {pins.Instance}, then start the controller again");
        }
        var generic = mode == "generic" ? " (generic mode: slower than native; the driver has no XDP support or refused it)" : "";
        return DoctorCheck.Pass("program attached", $"program {progId} on {ifname}, {mode} mode{generic}, link pinned at {pins.LinkPath(PinnedState.Outside)}");
    }

    private static DoctorCheck Up(string ifname, JsonElement link)
    {
        var flags = link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
        var state = link.TryGetProperty("operstate", out var s) ? s.GetString() : "?";
        if (!flags.Contains("UP"))
        {
            return DoctorCheck.Failure("interface up", $"{ifname} is administratively down", $"ip link set {ifname} up");
        }
        if (!flags.Contains("LOWER_UP"))
        {
            return DoctorCheck.Failure("interface up", $"{ifname} is up but has no carrier (operstate {state})", "check the cable, the switch port or the veth peer");
        }
        return DoctorCheck.Pass("interface up", $"{ifname} is up (operstate {state})");
    }

    private static DoctorCheck Mtu(string ifname, JsonElement link)
    {
        var mtu = link.GetProperty("mtu").GetInt32();
        return mtu < 1500
            ? DoctorCheck.Warning("MTU", $"{ifname} has MTU {mtu}: larger frames from clients are dropped before FastLb sees them", $"ip link set {ifname} mtu 1500")
            : DoctorCheck.Pass("MTU", $"{ifname} has MTU {mtu}");
    }

    private static IEnumerable<DoctorCheck> VipTraffic(FastLbConfig config, Counters? before, Counters? after)
    {
        if (before is null || after is null)
        {
            yield break;
        }
        foreach (var s in config.Services)
        {
            var key = VipKey.Create(s.Vip, s.Port, (byte)s.Protocol);
            if (!after.ServiceIds.TryGetValue(key, out var id))
            {
                yield return DoctorCheck.Failure("VIP routed here", $"service '{s.Name}' ({s.Vip}:{s.Port}) is not in the data plane", "reload the controller (fastlb reload) or restart it");
                continue;
            }
            var packets = after.Services.GetValueOrDefault(id);
            yield return packets == 0
                ? DoctorCheck.Warning("VIP routed here", $"no packet for {s.Vip}:{s.Port} has reached FastLb on {config.Interface}",
                    $"route {s.Vip} to this host (the router's next hop for it must be an address on {config.Interface})")
                : DoctorCheck.Pass("VIP routed here", $"{packets} packets for {s.Vip}:{s.Port} reached FastLb" + (packets == before.Services.GetValueOrDefault(id) ? " (none in the sample)" : ""));
        }
    }

    private static DoctorCheck Neighbour(string? ns, string ifname, ServiceConfig s, RealConfig r)
    {
        var what = $"neighbour of {s.Name}/{r.Name}";
        var entries = IpTool.Json(ns, "neigh", "show", r.Address.ToString(), "dev", ifname);
        if (entries.GetArrayLength() == 0)
        {
            return DoctorCheck.Warning(what, $"no neighbour entry for {r.Address} on {ifname} (nothing here has talked to it yet)", $"ping {r.Address} from this host; a real on another segment cannot be reached by L2 DSR");
        }
        var e = entries[0];
        var states = e.TryGetProperty("state", out var st) ? string.Join(',', st.EnumerateArray().Select(x => x.GetString())) : "?";
        var mac = e.TryGetProperty("lladdr", out var l) ? l.GetString() : null;
        if (mac is null || states.Contains("FAILED", StringComparison.Ordinal) || states.Contains("INCOMPLETE", StringComparison.Ordinal))
        {
            return DoctorCheck.Failure(what, $"{r.Address} does not answer ARP/ND on {ifname} ({states})", $"check that real {r.Name} is up and on {ifname}'s segment");
        }
        if (r.Mac is { } configured && !string.Equals(mac, Mac(configured), StringComparison.OrdinalIgnoreCase))
        {
            return DoctorCheck.Failure(what, $"{r.Address} is at {mac}, but the config says mac {Mac(configured)}: its packets go to the wrong host", $"set mac: \"{mac}\" for real {r.Name}");
        }
        return DoctorCheck.Pass(what, $"{r.Address} is at {mac} ({states})");
    }

    private static DoctorCheck Route(string? ns, ServiceConfig s, RealConfig r)
    {
        var what = $"route to {s.Name}/{r.Name}";
        try
        {
            var route = IpTool.Json(ns, "route", "get", r.Address.ToString())[0];
            var via = route.TryGetProperty("gateway", out var g) ? $"via {g.GetString()} " : "";
            return DoctorCheck.Pass(what, $"{r.Address} {via}dev {route.GetProperty("dev").GetString()}");
        }
        catch (InvalidOperationException e)
        {
            return DoctorCheck.Failure(what, $"no FIB route to {r.Address}: {e.Message}", $"add a route to {r.Address} (routed mode forwards by the kernel's FIB)");
        }
    }

    private static IEnumerable<DoctorCheck> DsrReal(string realNs, ServiceConfig s, RealConfig r)
    {
        var what = $"DSR real {s.Name}/{r.Name}";
        var lo = IpTool.Json(realNs, "addr", "show", "dev", "lo");
        var holds = lo.EnumerateArray().SelectMany(i => i.GetProperty("addr_info").EnumerateArray())
            .Any(a => IPAddress.TryParse(a.GetProperty("local").GetString(), out var ip) && ip.Equals(s.Vip));
        yield return holds
            ? DoctorCheck.Pass(what + " VIP", $"holds {s.Vip} on lo")
            : DoctorCheck.Failure(what + " VIP", $"does not hold {s.Vip} on lo: it drops what FastLb sends it", $"on the real: ip addr add {s.Vip}/{(s.Vip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)} dev lo");
        if (s.Vip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            yield break;
        }
        // The kernel uses the larger of 'all' and the interface's own value.
        var dev = IpTool.Json(realNs, "addr", "show").EnumerateArray()
            .FirstOrDefault(i => i.GetProperty("addr_info").EnumerateArray().Any(a => a.GetProperty("local").GetString() == r.Address.ToString()));
        var devName = dev.ValueKind == JsonValueKind.Object ? dev.GetProperty("ifname").GetString() : null;
        int Effective(string key) => new[] { "all", devName }.OfType<string>()
            .Max(d => int.Parse(IpTool.Sysctl(realNs, $"net.ipv4.conf.{d}.{key}"), System.Globalization.CultureInfo.InvariantCulture));
        var ignore = Effective("arp_ignore");
        var announce = Effective("arp_announce");
        yield return ignore >= 1 && announce >= 2
            ? DoctorCheck.Pass(what + " ARP", $"ARP suppressed (arp_ignore={ignore}, arp_announce={announce})")
            : DoctorCheck.Failure(what + " ARP", $"answers ARP for {s.Vip} (arp_ignore={ignore}, arp_announce={announce}): clients may send to it directly, bypassing FastLb",
                "on the real: sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2");
    }

    private static async Task<IEnumerable<DoctorCheck>> HealthAsync(FastLbConfig config, CancellationToken ct)
    {
        var admin = AdminEndpoint.For(config.Instance, config.AdminListen);
        try
        {
            using var client = new AdminClient(admin);
            var (_, text) = await client.GetAsync("/v1/reals", ct);
            return [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(r =>
            {
                var name = $"health of {r.GetProperty("service").GetString()}/{r.GetProperty("name").GetString()}";
                var health = r.GetProperty("health").GetString();
                var reason = r.GetProperty("lastReason").GetString();
                return health == "down"
                    ? DoctorCheck.Failure(name, $"down, last check: {(string.IsNullOrEmpty(reason) ? "none yet" : reason)}", $"make {r.GetProperty("address").GetString()}:{r.GetProperty("port").GetInt32()} pass its check, or remove the real")
                    : DoctorCheck.Pass(name, health + (string.IsNullOrEmpty(reason) ? "" : $", last check: {reason}"));
            })];
        }
        catch (HttpRequestException)
        {
            return [DoctorCheck.Warning("controller", $"no controller answers on {admin.Where}: health not known", "start it: fastlb run --config FILE")];
        }
    }

    private static IEnumerable<DoctorCheck> Drops(Counters? before, Counters? after, TimeSpan sample)
    {
        if (before is null || after is null)
        {
            yield break;
        }
        var rising = Reasons.All.Where(r => Reasons.Verdict(r) == XdpAction.Drop && after.Reasons.GetValueOrDefault(r) > before.Reasons.GetValueOrDefault(r)).ToList();
        if (rising.Count == 0)
        {
            yield return DoctorCheck.Pass("drops", $"no drop counter rose in {sample.TotalSeconds:0.#} s");
        }
        foreach (var r in rising)
        {
            var n = after.Reasons[r] - before.Reasons.GetValueOrDefault(r);
            var (why, fix) = r switch
            {
                Reason.DropNoReal => ("a service had no real to take a new flow (all down or drained)", "bring a real up or undrain one, or set on-all-down: backup"),
                Reason.DropMalformed => ("malformed frames arrived", "look at what sends them (tcpdump on the interface)"),
                Reason.DropBadService => ("a service entry was unusable", "reload the controller"),
                Reason.DropNoRoute => ("no FIB route to a real (routed mode)", "add routes to the reals"),
                Reason.DropTtl => ("packets arrived with TTL 1: a routing loop or a far client", "check the routing toward the VIP"),
                Reason.DropSnatExhausted => ("every SNAT port was in use", "widen snat-ports or add SNAT addresses"),
                _ => ($"reason {r}", "see the FastLb counters (fastlb_packets_total)"),
            };
            yield return DoctorCheck.Failure($"drops ({r})", $"{n} packets dropped in {sample.TotalSeconds:0.#} s: {why}", fix);
        }
    }

    private static Counters? ReadCounters(PinnedState pins)
    {
        if (!File.Exists(Path.Combine(pins.Directory, "fastlb_stats")))
        {
            return null;
        }
        using var stats = BpfMap.OpenPinned(Path.Combine(pins.Directory, "fastlb_stats"));
        using var svcStats = BpfMap.OpenPinned(Path.Combine(pins.Directory, "fastlb_svc_stats"));
        using var services = ServiceTable.OpenPinned(pins.Directory);
        var reasons = Reasons.All.ToDictionary(r => r, r => stats.LookupPerCpu<uint, Counter>((uint)r).Aggregate(0UL, (a, c) => a + c.Packets));
        var ids = new Dictionary<VipKey, uint>();
        foreach (var key in services.Keys<VipKey>().ToList())
        {
            if (services.TryLookupId(key, out var id))
            {
                ids[key] = id;
            }
        }
        var perService = ids.Values.Distinct().ToDictionary(id => id, id => svcStats.LookupPerCpu<uint, Counter>(id).Aggregate(0UL, (a, c) => a + c.Packets));
        return new Counters(reasons, ids, perService);
    }

    private static string Mac(System.Net.NetworkInformation.PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private sealed record Counters(Dictionary<Reason, ulong> Reasons, Dictionary<VipKey, uint> ServiceIds, Dictionary<uint, ulong> Services);
}
