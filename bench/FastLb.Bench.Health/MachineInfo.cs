// The facts a result needs to be read later: kernel, CPU model, core count, runtime.
using System.Runtime.InteropServices;

namespace FastLb.Bench.Health;

public sealed record MachineInfo(string Kernel, string CpuModel, int Cores, string Runtime)
{
    public static MachineInfo Read()
    {
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var model = File.ReadLines("/proc/cpuinfo")
            .Where(l => l.StartsWith("model name", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault() ?? "unknown";
        return new MachineInfo(kernel, model, Environment.ProcessorCount, RuntimeInformation.FrameworkDescription);
    }
}
