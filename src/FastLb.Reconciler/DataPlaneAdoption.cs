using FastLb.Health;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Interop.Netns;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// Taking over what a previous controller of the instance left running: its pinned links (the
/// program keeps forwarding meanwhile), its index allocation, what its maps hold and the health
/// they reflect. The new program, loaded on the same pinned maps, replaces the old one in each
/// link atomically, so flows and tables carry on and only what differs gets rewritten.
/// </summary>
public sealed class DataPlaneAdoption : IDisposable
{
    private readonly PinnedState _pins;
    private readonly PinnedLink _outside;
    private readonly PinnedLink? _inside;

    private DataPlaneAdoption(PinnedState pins, PinnedLink outside, PinnedLink? inside)
    {
        _pins = pins;
        _outside = outside;
        _inside = inside;
    }

    /// <summary>The pinned link on the outside interface.</summary>
    public PinnedLink Outside => _outside;

    /// <summary>
    /// Opens the instance's pinned links and checks they sit on the config's interface; a
    /// mismatch is refused (the running data plane stays as it is).
    /// </summary>
    public static DataPlaneAdoption Open(PinnedState pins, DataPlane dp, FastLbConfig config, NetworkNamespace? ns)
    {
        var outside = PinnedLink.TryOpen(pins.LinkPath(PinnedState.Outside))
            ?? throw new InvalidOperationException($"instance '{pins.Instance}' has no pinned link at {pins.LinkPath(PinnedState.Outside)}");
        PinnedLink? inside = null;
        try
        {
            var stop = $"run 'fastlb stop --detach --instance {pins.Instance}' first";
            if (outside.Ifindex == 0)
            {
                throw new InvalidOperationException($"the pinned link of instance '{pins.Instance}' is no longer attached (its interface went away): {stop}");
            }
            var (expected, mac) = Identify(config.Interface, ns);
            // An ifindex repeats across namespaces: the MAC the pinned topology holds tells them apart.
            var held = dp.Topology.TryLookup(0u, out Topology topology) ? topology.MacAddress : null;
            if (outside.Ifindex != expected || !mac.Equals(held))
            {
                throw new InvalidOperationException(
                    $"instance '{pins.Instance}' is attached to ifindex {outside.Ifindex} (MAC {held}), but interface '{config.Interface}' is ifindex {expected} (MAC {mac}): {stop}");
            }
            inside = PinnedLink.TryOpen(pins.LinkPath(PinnedState.Inside));
            return new DataPlaneAdoption(pins, outside, inside);
        }
        catch
        {
            inside?.Dispose();
            outside.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Restores the saved index allocation and tells <paramref name="writer"/> what the maps hold,
    /// so ids stay put and unchanged rings are not rewritten.
    /// </summary>
    /// <returns>False when neither a saved allocation nor the maps gave a usable one (ids are then allocated afresh).</returns>
    public bool Restore(DataPlane dp, IndexAllocator services, IndexAllocator reals, MapWriter writer)
    {
        // The saved allocation, else what the maps themselves say.
        var file = _pins.LoadIndices() ?? IndexRecovery.FromMaps(dp);
        var restored = false;
        if (file is not null)
        {
            try
            {
                services.Restore(file.Services);
                // Flows record their real's generation: keep the one each adopted index holds.
                reals.Restore(file.Reals, index => dp.Reals.TryLookup(index, out Real held) ? held.Gen : 0u);
                restored = true;
            }
            catch (InvalidOperationException)
            {
                restored = false;
            }
        }
        foreach (var key in dp.Services.Keys<VipKey>().ToList())
        {
            if (dp.Services.TryLookup(key, out Service value) && value.RingSize <= AbiLimits.RingMax && value.RingActive <= 1
                && value.Id < dp.Services.MaxEntries)
            {
                dp.RingTables.Adopt(value.Id);
                writer.Adopt(key, value, dp.RingTables.Read(value.Id, value.RingActive, (int)value.RingSize) ?? Empty(value.RingSize));
            }
        }
        if (restored)
        {
            foreach (var index in file!.Reals.Values)
            {
                if (dp.Reals.TryLookup(index, out Real real))
                {
                    writer.AdoptReal(index, real);
                }
            }
        }
        return restored;
    }

    /// <summary>
    /// The health the adopted maps hold, per check target: up when the real's entry is up (and is
    /// still that real), down otherwise. Seeding the scheduler with it keeps every up real in its
    /// rings through the restart, until its own checks say otherwise.
    /// </summary>
    public static Dictionary<CheckTarget, HealthState> HealthSeeds(DataPlane dp, FastLbConfig config, NetworkNamespace? ns, IndexAllocator reals)
    {
        var seeds = new Dictionary<CheckTarget, HealthState>();
        foreach (var service in config.Services)
        {
            foreach (var real in service.Reals.Where(r => r.Check is not null))
            {
                var target = CheckTarget.ForReal(real.Address, real.Port, real.Check!, ns);
                var up = reals.TryGet(Planner.RealKey(service, real, backup: false), out var index)
                    && dp.Reals.TryLookup(index, out Real held)
                    && held.Flags.HasFlag(RealFlags.Up)
                    && held.Address.Equals(real.Address) && held.HostPort == real.Port;
                seeds[target] = up || (seeds.TryGetValue(target, out var other) && other == HealthState.Up) ? HealthState.Up : HealthState.Down;
            }
        }
        return seeds;
    }

    /// <summary>Points every pinned link at <paramref name="dp"/>'s program: one atomic swap each.</summary>
    public void TakeOver(DataPlane dp)
    {
        _outside.Update(dp.Program);
        _inside?.Update(dp.Program);
    }

    public void Dispose()
    {
        _inside?.Dispose();
        _outside.Dispose();
    }

    private static (int Ifindex, System.Net.NetworkInformation.PhysicalAddress Mac) Identify(string ifname, NetworkNamespace? ns)
    {
        (int, System.Net.NetworkInformation.PhysicalAddress) Read()
        {
            var nic = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == ifname)
                ?? throw new InvalidOperationException($"interface '{ifname}' not found" + (ns is null ? "" : $" in namespace '{ns.Name}'"));
            return (NetInterfaces.InterfaceIndex(ifname), nic.GetPhysicalAddress());
        }
        return ns is null ? Read() : ns.Run(Read);
    }

    // A live copy without its table selects nothing: remembered so, the next write fills it whole.
    private static uint[] Empty(uint size)
    {
        var ring = new uint[size];
        Array.Fill(ring, AbiLimits.NoReal);
        return ring;
    }
}
