namespace FastLb.Interop.Bpf;

/// <summary>The outcome of BPF_PROG_TEST_RUN.</summary>
/// <param name="ReturnValue">The program's return value (for XDP the verdict).</param>
/// <param name="DurationNs">Average run time per repetition in nanoseconds, as the kernel reports it.</param>
/// <param name="OutputLength">Bytes of output frame the kernel produced (may exceed the buffer given).</param>
public readonly record struct TestRunResult(uint ReturnValue, uint DurationNs, int OutputLength)
{
    /// <summary>The return value as an XDP verdict.</summary>
    public XdpAction Verdict => (XdpAction)ReturnValue;
}
