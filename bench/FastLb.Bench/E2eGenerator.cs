namespace FastLb.Bench;

/// <summary>Which generator drives the row.</summary>
public enum E2eGenerator
{
    /// <summary>BPF_PROG_TEST_RUN with BPF_F_TEST_XDP_LIVE_FRAMES running bench_gen on the generator's veth.</summary>
    LiveFrames,

    /// <summary>The C# AF_XDP sender (copy mode) on the generator's veth.</summary>
    AfXdp,
}
