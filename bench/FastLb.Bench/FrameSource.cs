using FastLb.Interop;
using FastLb.Interop.Bpf;

namespace FastLb.Bench;

/// <summary>
/// bpf/bench/bench_frame.bpf.c loaded: a program that writes the original frame back and varies
/// its flow on every run, then tail-calls the program under test (<see cref="Harness"/>) or
/// sends the frame (<see cref="Generator"/>, for live frames).
/// </summary>
public sealed class FrameSource : IDisposable
{
    private readonly BpfObject _object;

    private FrameSource(BpfObject obj) => _object = obj;

    /// <summary>Restores the frame, varies the flow, tail-calls the target (XDP_ABORTED if none).</summary>
    public BpfProgram Harness => _object.Program("bench_harness");

    /// <summary>Restores the frame, varies the flow, returns XDP_TX.</summary>
    public BpfProgram Generator => _object.Program("bench_gen");

    /// <summary>A tail-call target that only returns XDP_TX: the harness baseline.</summary>
    public BpfProgram TailTx => _object.Program("bench_tail_tx");

    public static FrameSource Load()
    {
        var obj = BpfObject.Open(NativePaths.BpfObject("bench_frame"));
        try
        {
            obj.Load();
            return new FrameSource(obj);
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }

    /// <summary>Sets the frame every run starts from, how its flow varies, and restarts the flow counter.</summary>
    public unsafe void SetFrame(ReadOnlySpan<byte> frame, FlowVariation variation)
    {
        if (frame.Length is < 14 or > BenchFrameValue.FrameMax)
        {
            throw new ArgumentException($"frame of {frame.Length} bytes: the frame source holds 14 to {BenchFrameValue.FrameMax}", nameof(frame));
        }
        if (variation.Flows != 1 && (variation.AddressOffset >= frame.Length || variation.PortOffset + 2 > frame.Length))
        {
            throw new ArgumentException($"offsets {variation.AddressOffset}/{variation.PortOffset} lie outside the {frame.Length}-byte frame", nameof(variation));
        }
        var value = new BenchFrameValue
        {
            Length = (uint)frame.Length,
            Flows = variation.Flows,
            AddressOffset = variation.AddressOffset,
            PortOffset = variation.PortOffset,
            Stride = variation.Stride,
            PerCpu = variation.PerCpu ? 1u : 0u,
        };
        frame.CopyTo(new Span<byte>(value.Data, BenchFrameValue.FrameMax));
        _object.Map("bench_frames").Update(0u, value);
        ResetCounter();
    }

    /// <summary>Starts the flow counters (shared and per CPU) at 0 again.</summary>
    public void ResetCounter()
    {
        _object.Map("bench_counter").Update(0u, 0ul);
        _object.Map("bench_cpu_counter").UpdatePerCpu(0u, (ReadOnlySpan<ulong>)new ulong[BpfMap.PossibleCpus]);
    }

    /// <summary>Runs so far (the flow counter).</summary>
    public ulong Counter => _object.Map("bench_counter").TryLookup(0u, out ulong n) ? n : 0;

    /// <summary>Makes <paramref name="target"/> the program the harness tail-calls.</summary>
    public void SetTarget(BpfProgram target) => _object.Map("bench_target").Update(0u, (uint)target.Fd);

    public void Dispose() => _object.Dispose();
}
