using System.Runtime.InteropServices;

namespace FastLb.Bench;

/// <summary>struct bench_frame of bpf/bench/bench_frame.bpf.c: the frame to restore and the flow to vary.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct BenchFrameValue
{
    public const int FrameMax = 256;

    public uint Length;
    public uint Flows;
    public ushort AddressOffset;
    public ushort PortOffset;
    public uint Stride;
    public uint PerCpu;
    public fixed byte Data[FrameMax];
}
