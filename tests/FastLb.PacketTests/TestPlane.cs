namespace FastLb.PacketTests;

/// <summary>
/// A loaded fastlb object for tests that choose their own configuration (modes, SNAT, reloads):
/// maps written by the controller's Planner and MapWriter, frames run with BPF_PROG_TEST_RUN.
/// </summary>
public sealed class TestPlane : IDisposable
{
    private readonly IndexAllocator _serviceIds;
    private readonly IndexAllocator _realIndices;
    private readonly MapWriter _writer;

    /// <param name="realCapacity">Real indices to hand out; 0: as many as the maps hold.</param>
    public TestPlane(uint realCapacity = 0, DataPlaneOptions? options = null)
    {
        Dp = DataPlane.Load(NullLogger.Instance, options ?? DataPlaneOptions.Compiled);
        _serviceIds = new IndexAllocator((uint)Dp.Services.MaxEntries, "service");
        _realIndices = new IndexAllocator(realCapacity == 0 ? (uint)Dp.Reals.MaxEntries : realCapacity, "real");
        _writer = new MapWriter(Dp);
    }

    public DataPlane Dp { get; }

    public DataPlanePlan Plan { get; private set; } = new([]);

    /// <summary>Parses <paramref name="yaml"/> (modes stay dsr-l2 there) and applies each <see cref="ModeSpec"/>.</summary>
    public static FastLbConfig Config(string yaml, params ModeSpec[] modes)
    {
        var config = ConfigLoader.Parse(yaml, "test.yaml", DataPlaneLimits.Config);
        var services = config.Services.Select(s => modes.FirstOrDefault(m => m.Service == s.Name) is { } m ? m.ApplyTo(s) : s).ToList();
        return config with { Services = services };
    }

    /// <summary>Plans and writes <paramref name="config"/>, as the controller does on a reload.</summary>
    public DataPlanePlan Apply(FastLbConfig config)
    {
        Plan = Planner.Plan(config, AlwaysUp.Instance, _serviceIds, _realIndices);
        _writer.Apply(Plan);
        return Plan;
    }

    /// <summary>Runs one frame; <paramref name="ingressIfindex"/> 0 leaves the kernel's default (lo).</summary>
    public (XdpAction Verdict, byte[] Output) Run(byte[] frame, int ingressIfindex = 0)
    {
        var output = new byte[frame.Length + 256];
        var result = ingressIfindex == 0 ? Dp.Program.TestRun(frame, output) : Dp.Program.TestRun(frame, output, ingressIfindex);
        return (result.Verdict, output[..result.OutputLength]);
    }

    public PlannedReal Real(string service, string name) =>
        Plan.Services.Single(s => s.Config.Name == service).Reals.Single(r => r.Real.Name == name);

    public ulong Count(Reason reason) => DataPlaneCounts.Count(Dp, reason);

    public ulong[] Snapshot() => DataPlaneCounts.Snapshot(Dp);

    /// <summary>The reasons whose count changed since <paramref name="before"/>, with the change.</summary>
    public Dictionary<Reason, ulong> DeltaSince(ulong[] before) => DataPlaneCounts.DeltaSince(Dp, before);

    /// <summary>This data plane's count of flow event <paramref name="e"/>, summed over CPUs.</summary>
    public ulong Events(FlowEvent e) => Dp.FlowEvents.LookupPerCpu<uint, ulong>((uint)e).Aggregate(0ul, (s, n) => s + n);

    /// <summary>Moves flow <paramref name="key"/>'s last-seen time back by <paramref name="age"/>: as if it had been
    /// idle that long (the clock's arithmetic wraps, as the data plane's does).</summary>
    public void Age(FlowKey key, TimeSpan age)
    {
        Assert.True(Dp.Flows.TryLookup(key, out Flow flow));
        flow.RefreshedNs -= (ulong)age.Ticks * 100;
        Dp.Flows.Update(key, flow);
    }

    /// <summary>Moves the birth of established-table entry <paramref name="reply"/> back by two units of its clock (2.1 s at
    /// least): old enough that its SNAT port may go to another flow once its own flow is gone.</summary>
    public void AgeNat(FlowKey reply)
    {
        Assert.True(Dp.Nat.TryLookup(NatTab.Established, reply, out Nat nat));
        nat.Born -= 2;
        Dp.Nat.Update(reply, nat);
    }

    public void ClearFlows()
    {
        Dp.Flows.Clear();
        foreach (var nat in new[] { Dp.Nat.Map, Dp.Nat.Opening })
        {
            if (nat is not null)
            {
                DataPlaneCounts.Clear(nat);
            }
        }
    }

    public void Dispose() => Dp.Dispose();
}
