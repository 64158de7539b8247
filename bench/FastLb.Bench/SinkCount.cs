using System.Runtime.InteropServices;

namespace FastLb.Bench;

/// <summary>struct bench_count of bpf/bench/bench_sink.bpf.c: per-CPU frames and bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SinkCount
{
    public ulong Packets;

    public ulong Bytes;
}
