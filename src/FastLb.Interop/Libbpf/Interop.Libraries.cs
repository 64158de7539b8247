// Names of the native libraries FastLb binds to, in one place.
namespace FastLb.Interop;

internal static partial class Interop
{
    internal static class Libraries
    {
        internal const string Libbpf = "libbpf.so.1";
        internal const string Shim = "fastlb_shim";
        internal const string Libc = "libc";
    }
}
