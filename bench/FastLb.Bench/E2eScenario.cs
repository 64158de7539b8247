namespace FastLb.Bench;

/// <summary>
/// One row to run: its name, the generator (live frames or AF_XDP), the client address its flows
/// come from, and its balancer. Reply rows warm up with the clients' requests (opening the flows)
/// and then generate the real's replies from the reals' side (live frames only).
/// </summary>
public sealed record E2eScenario(string Name, E2eGenerator Generator, string Client, Func<E2eLab, E2eStage> Start, bool Reply = false);

/// <summary>Which generator drives the row.</summary>
public enum E2eGenerator
{
    /// <summary>BPF_PROG_TEST_RUN with BPF_F_TEST_XDP_LIVE_FRAMES running bench_gen on the generator's veth.</summary>
    LiveFrames,

    /// <summary>The C# AF_XDP sender (copy mode) on the generator's veth.</summary>
    AfXdp,
}
