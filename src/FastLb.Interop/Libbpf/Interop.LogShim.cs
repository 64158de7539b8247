// fastlb_set_log_sink from libfastlb_shim.so, which turns libbpf's va_list log into plain lines.
using System.Reflection;
using System.Runtime.InteropServices;

namespace FastLb.Interop;

internal static partial class Interop
{
    internal static partial class Shim
    {
        private static int s_resolverInstalled;

        /// <summary>enum libbpf_print_level: the level the shim passes with each line.</summary>
        internal enum PrintLevel
        {
            Warn = 0,
            Info = 1,
            Debug = 2,
        }

        [LibraryImport(Libraries.Shim, EntryPoint = "fastlb_set_log_sink")]
        internal static unsafe partial void FastLbSetLogSink(delegate* unmanaged<int, byte*, void> sink);

        /// <summary>Makes "fastlb_shim" resolve to the build's libfastlb_shim.so; safe to call many times.</summary>
        internal static void EnsureResolver()
        {
            if (Interlocked.Exchange(ref s_resolverInstalled, 1) == 0)
            {
                NativeLibrary.SetDllImportResolver(typeof(Shim).Assembly, Resolve);
            }
        }

        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
        {
            if (name != Libraries.Shim)
            {
                return IntPtr.Zero; // default probing for libbpf and libc
            }
            var file = Path.Combine(NativePaths.Directory, "libfastlb_shim.so");
            if (!File.Exists(file))
            {
                throw new DllNotFoundException($"'{file}' not found; build the tree first (dotnet build)");
            }
            return NativeLibrary.Load(file);
        }
    }
}
