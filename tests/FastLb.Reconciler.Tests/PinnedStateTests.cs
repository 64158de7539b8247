// Pinned state on real namespaces and bpffs: a controller's exit leaves forwarding, the next adopts it, stop --detach removes it.
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Model;
using FastLb.Testing;
using FastLb.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class PinnedStateTests
{
    private const string Client = "198.51.100.7";

    private static FastLbController StartPinned(FastLbConfig config, PinnedState pins) =>
        FastLbController.StartPinned(config, NullLoggerFactory.Instance, pins);

    private static PinnedState NewPins() => new(Lab.LabNames.NewPrefix() + "pin");

    [RootFact]
    public void Exit_LeavesLinkAndPins_NextControllerAdoptsWithIdsIndicesAndFlows()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var pins = NewPins();
        try
        {
            // Reloads move the allocation away from what a fresh start would give: r4 reuses r1's index 0.
            var final = Web with { Reals = [new("r2", 12), new("r3", 13), new("r4", 14)] };
            int flowOctet;
            uint serviceId;
            Dictionary<string, uint> indices;
            uint oldProgram;
            using (var first = StartPinned(Build(lab.A, lab.Name, Web), pins))
            {
                Assert.False(first.Adopted);
                first.Reload(Build(lab.A, lab.Name, Web with { Reals = [new("r2", 12), new("r3", 13)] }));
                first.Reload(Build(lab.A, lab.Name, final));
                indices = first.Plan.Reals.ToDictionary(r => r.Real.Name, r => r.Index);
                Assert.Equal(new Dictionary<string, uint> { ["r2"] = 1, ["r3"] = 2, ["r4"] = 0 }, indices);
                serviceId = first.Plan.Services.Single().Id;
                flowOctet = RealOctet(Send(first.DataPlane.Program, TcpFlags.Syn));
                Assert.Contains(flowOctet, new[] { 12, 13, 14 });
                oldProgram = PinnedLink.ProgramIdOf(first.DataPlane.Program);
            }

            // Gone (as on SIGTERM): the program still forwards, the pins are all there.
            Assert.Contains("xdp", lab.LinkA(), StringComparison.Ordinal);
            Assert.True(pins.HasLink);
            Assert.True(File.Exists(Path.Combine(pins.Directory, "fastlb_flows")));
            Assert.True(File.Exists(pins.IndicesPath));
            using (var link = PinnedLink.TryOpen(pins.LinkPath(PinnedState.Outside))!)
            {
                Assert.Equal(oldProgram, link.ProgramId);
                Assert.Equal(lab.Lb.IfIndex(lab.A), link.Ifindex);
            }

            // The next controller drains the flow's real: a new flow never goes there, the pinned flow still does.
            var drained = final with { Reals = [.. final.Reals.Select(r => r.Octet == flowOctet ? r with { Weight = 0 } : r)] };
            using var second = StartPinned(Build(lab.A, lab.Name, drained), pins);
            Assert.True(second.Adopted);
            Assert.Equal(1, second.RingWrites); // the drained real leaves the one ring: one copy written
            Assert.Equal(serviceId, second.Plan.Services.Single().Id);
            Assert.Equal(indices, second.Plan.Reals.ToDictionary(r => r.Real.Name, r => r.Index));
            using (var link = PinnedLink.TryOpen(pins.LinkPath(PinnedState.Outside))!)
            {
                Assert.Equal(PinnedLink.ProgramIdOf(second.DataPlane.Program), link.ProgramId);
                Assert.NotEqual(oldProgram, link.ProgramId);
            }
            Assert.Equal(flowOctet, RealOctet(Send(second.DataPlane.Program, TcpFlags.Ack)));
            for (ushort port = 41000; port < 41040; port++)
            {
                Assert.NotEqual(flowOctet, RealOctet(Send(second.DataPlane.Program, TcpFlags.Syn, port)));
            }
        }
        finally
        {
            pins.Remove();
        }
    }

    [RootFact]
    public void Adopt_IndexFileGone_RecoversIdsAndIndicesFromTheMaps()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var pins = NewPins();
        try
        {
            var final = Web with { Reals = [new("r2", 12), new("r3", 13), new("r4", 14)] };
            var other = new S("api", 11, 101, [new("a1", 21), new("r2", 12)], Port: 443);
            Dictionary<(string, string), uint> indices;
            using (var first = StartPinned(Build(lab.A, lab.Name, Web, other), pins))
            {
                first.Reload(Build(lab.A, lab.Name, final, other));
                indices = first.Plan.Reals.ToDictionary(r => (r.Service, r.Real.Name), r => r.Index);
            }
            File.Delete(pins.IndicesPath);

            using var second = StartPinned(Build(lab.A, lab.Name, final, other), pins);
            Assert.True(second.Adopted);
            Assert.Equal(0, second.RingWrites); // same config, same health: no table rewritten
            Assert.Equal(indices, second.Plan.Reals.ToDictionary(r => (r.Service, r.Real.Name), r => r.Index));
            // A fresh allocation would have put r2 of 'web' at 0: it stays where the maps have it.
            Assert.NotEqual(0u, indices[("web", "r2")]);
        }
        finally
        {
            pins.Remove();
        }
    }

    [RootFact]
    public void StopDetach_RemovesAttachmentPinsAndIndices()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var pins = NewPins();
        try
        {
            StartPinned(Build(lab.A, lab.Name, Web), pins).Dispose();
            Assert.Contains("xdp", lab.LinkA(), StringComparison.Ordinal);
            Assert.NotEmpty(Directory.GetFiles(pins.Directory));

            var removed = pins.Remove();
            Assert.Matches($"^detached XDP link [0-9]+ from ifindex {lab.Lb.IfIndex(lab.A)}$", removed[0]);
            Assert.Contains($"removed {Path.Combine(pins.Directory, "link-outside")}", removed);
            Assert.Contains($"removed {Path.Combine(pins.Directory, "fastlb_flows")}", removed);
            Assert.Equal($"removed {pins.IndicesPath}", removed[^1]);
            Assert.DoesNotContain("xdp", lab.LinkA(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(pins.Directory));
            Assert.False(File.Exists(pins.IndicesPath));
            Assert.False(pins.HasLink);

            // Nothing left: a second removal finds nothing.
            Assert.Empty(pins.Remove());
        }
        finally
        {
            pins.Remove();
        }
    }

    [RootFact]
    public void Adopt_OtherInterface_RefusedAndRunningProgramStays()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        using var other = LabNs.Create();
        var pins = NewPins();
        try
        {
            StartPinned(Build(lab.A, lab.Name, Web), pins).Dispose();
            var e = Assert.Throws<InvalidOperationException>(() => StartPinned(Build(other.A, other.Name, Web), pins).Dispose());
            Assert.Contains($"run 'fastlb stop --detach --instance {pins.Instance}' first", e.Message, StringComparison.Ordinal);
            Assert.Contains("xdp", lab.LinkA(), StringComparison.Ordinal);
            Assert.DoesNotContain("xdp", other.LinkA(), StringComparison.Ordinal);
            Assert.True(pins.HasLink);
        }
        finally
        {
            pins.Remove();
        }
    }

    [RootFact]
    public void Adopt_OtherMapSizes_RefusedSayingStopDetachAndRunningProgramStays()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var pins = NewPins();
        try
        {
            StartPinned(Build(lab.A, lab.Name, Web) with { MaxServices = 16 }, pins).Dispose();
            var e = Assert.Throws<InvalidOperationException>(() => StartPinned(Build(lab.A, lab.Name, Web) with { MaxServices = 32 }, pins).Dispose());
            Assert.Contains("of 16 entries, but this start needs", e.Message, StringComparison.Ordinal);
            Assert.Contains("(max-services)", e.Message, StringComparison.Ordinal);
            Assert.Contains($"run 'fastlb stop --detach --instance {pins.Instance}' first", e.Message, StringComparison.Ordinal);
            Assert.Contains("xdp", lab.LinkA(), StringComparison.Ordinal);
            Assert.True(pins.HasLink);

            // The same sizes adopt as before.
            using var again = StartPinned(Build(lab.A, lab.Name, Web) with { MaxServices = 16 }, pins);
            Assert.True(again.Adopted);
            Assert.Equal(16, again.DataPlane.Services.MaxEntries);
        }
        finally
        {
            pins.Remove();
        }
    }

    [RootFact]
    public void Start_PinnedMapsWithoutLink_StartsAfresh()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var pins = NewPins();
        try
        {
            // Maps pinned but no program attached (a start that died before attaching): stale entries must go.
            using (var dp = DataPlane.Load(NullLogger.Instance, pins: pins))
            {
                dp.Services.Update(VipKey.Create(System.Net.IPAddress.Parse("203.0.113.99"), 80, 6), new Service { Id = 7, RingSize = 101 });
            }
            Assert.False(pins.HasLink);
            using var c = StartPinned(Build(lab.A, lab.Name, Web), pins);
            Assert.False(c.Adopted);
            Assert.Equal([VipKey.Create(System.Net.IPAddress.Parse("203.0.113.10"), 80, 6)], c.DataPlane.Services.Keys<VipKey>().ToList());
            Assert.True(pins.HasLink);
        }
        finally
        {
            pins.Remove();
        }
    }

    private static byte[] Send(BpfProgram program, TcpFlags flags, ushort clientPort = 40000)
    {
        var frame = Frame.Ethernet("02:00:00:00:01:01", "02:00:00:00:01:02")
            .IPv4(Client, "203.0.113.10").Tcp(clientPort, 80, flags).Build();
        var output = new byte[frame.Length + 256];
        var result = program.TestRun(frame, output);
        Assert.Equal((uint)XdpAction.Tx, result.ReturnValue);
        return output;
    }

    private static int RealOctet(byte[] frame) => frame[5]; // destination MAC 02:00:00:00:00:<octet>
}
