using System.Runtime.InteropServices;

namespace FastLb.Lab;

/// <summary>
/// Compiles a pcap filter expression with libpcap (no capture, no process) and attaches the
/// classic BPF program to a packet socket (SO_ATTACH_FILTER), so the kernel drops what it rejects.
/// </summary>
internal static partial class PcapFilter
{
    private const int LinkTypeEthernet = 1;
    private const int SolSocket = 1;
    private const int SoAttachFilter = 26;
    private const uint NetmaskUnknown = 0xffffffff;
    private const string Library = "libpcap.so.0.8";

    public static unsafe void Attach(System.Net.Sockets.Socket socket, string filter)
    {
        var pcap = OpenDead(LinkTypeEthernet, 65535);
        if (pcap == IntPtr.Zero)
        {
            throw new LabException("pcap_open_dead failed");
        }
        try
        {
            Program program;
            if (Compile(pcap, &program, filter, 1, NetmaskUnknown) != 0)
            {
                throw new LabException($"pcap filter '{filter}': {Marshal.PtrToStringUTF8(GetError(pcap))}");
            }
            try
            {
                // struct sock_fprog: u16 len, padding, then the instruction pointer (same layout as bpf_insn).
                Span<byte> fprog = stackalloc byte[16];
                fprog.Clear();
                MemoryMarshal.Write(fprog, (ushort)program.Length);
                MemoryMarshal.Write(fprog[8..], program.Instructions);
                socket.SetRawSocketOption(SolSocket, SoAttachFilter, fprog);
            }
            finally
            {
                FreeCode(&program);
            }
        }
        finally
        {
            Close(pcap);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Program
    {
        public uint Length;
        public IntPtr Instructions;
    }

    [LibraryImport(Library, EntryPoint = "pcap_open_dead")]
    private static partial IntPtr OpenDead(int linkType, int snapLength);

    [LibraryImport(Library, EntryPoint = "pcap_compile", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Compile(IntPtr pcap, Program* program, string filter, int optimize, uint netmask);

    [LibraryImport(Library, EntryPoint = "pcap_freecode")]
    private static unsafe partial void FreeCode(Program* program);

    [LibraryImport(Library, EntryPoint = "pcap_geterr")]
    private static partial IntPtr GetError(IntPtr pcap);

    [LibraryImport(Library, EntryPoint = "pcap_close")]
    private static partial void Close(IntPtr pcap);
}
