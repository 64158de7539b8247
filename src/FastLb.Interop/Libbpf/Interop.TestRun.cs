// BPF_PROG_TEST_RUN through bpf_prog_test_run_opts; the struct mirrors libbpf 1.1's bpf.h exactly.
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        internal const uint BpfFTestXdpLiveFrames = 1u << 1;

        [LibraryImport(Libraries.Libbpf, EntryPoint = "bpf_prog_test_run_opts", SetLastError = true)]
        internal static unsafe partial int BpfProgTestRunOpts(int progFd, TestRunOpts* opts);

        /// <summary>struct bpf_test_run_opts: 80 bytes, sz first.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct TestRunOpts
        {
            public nuint Sz;
            public void* DataIn;
            public void* DataOut;
            public uint DataSizeIn;
            public uint DataSizeOut;
            public void* CtxIn;
            public void* CtxOut;
            public uint CtxSizeIn;
            public uint CtxSizeOut;
            public uint Retval;
            public int Repeat;
            public uint Duration;
            public uint Flags;
            public uint Cpu;
            public uint BatchSize;
        }

        /// <summary>struct xdp_md, the XDP context passed as ctx_in.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct XdpMd
        {
            public uint Data;
            public uint DataEnd;
            public uint DataMeta;
            public uint IngressIfindex;
            public uint RxQueueIndex;
            public uint EgressIfindex;
        }
    }
}
