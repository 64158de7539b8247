// libbpf's error text (covers its own LIBBPF_ERRNO__* codes as well as plain errno).
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Libbpf
    {
        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_strerror")]
        internal static unsafe partial int LibbpfStrError(int err, byte* buf, nuint size);

        [LibraryImport(Libraries.Libbpf, EntryPoint = "libbpf_num_possible_cpus")]
        internal static partial int LibbpfNumPossibleCpus();

        /// <summary>The message for a positive errno value, e.g. "No such file or directory".</summary>
        internal static unsafe string StrError(int errno)
        {
            const int size = 256;
            byte* buf = stackalloc byte[size];
            if (LibbpfStrError(errno, buf, size) != 0 && buf[0] == 0)
            {
                return Marshal.GetPInvokeErrorMessage(errno);
            }
            return Marshal.PtrToStringUTF8((IntPtr)buf) ?? $"errno {errno}";
        }
    }
}
