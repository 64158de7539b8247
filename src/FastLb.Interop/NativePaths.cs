using System.Reflection;

namespace FastLb.Interop;

/// <summary>Finds the native build outputs (BPF objects, libfastlb_shim.so).</summary>
public static class NativePaths
{
    /// <summary>The folder holding the BPF objects and the shim: $FASTLB_NATIVE_DIR, else
    /// the build folder recorded at compile time.</summary>
    public static string Directory { get; } = Resolve();

    /// <summary>Full path of a compiled BPF object, e.g. <c>Bpf("fastlb")</c>.</summary>
    public static string BpfObject(string name)
    {
        var path = Path.Combine(Directory, name + ".bpf.o");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"BPF object '{path}' not found; build the tree first (dotnet build)", path);
        }
        return path;
    }

    private static string Resolve()
    {
        var env = Environment.GetEnvironmentVariable("FASTLB_NATIVE_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }
        var recorded = typeof(NativePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FastLbNativeDir")?.Value;
        return recorded ?? Path.Combine(AppContext.BaseDirectory, "native");
    }
}
