using System.Runtime.InteropServices;

namespace FastLb.Bench;

/// <summary>Where and when a bench ran: kernel, CPU, load average at the start, the command.</summary>
public sealed record BenchMachine(string Kernel, string Os, string Cpu, int Cpus, string LoadBefore, DateTime StartedUtc, string Command)
{
    /// <summary>Reads the machine now; the machine may be shared, so the load average is part of every result.</summary>
    public static BenchMachine Now(string[] args) => new(
        File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
        RuntimeInformation.OSDescription,
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown",
        Environment.ProcessorCount,
        ReadLoadAverage(),
        DateTime.UtcNow,
        "dotnet run -c Release --project bench/FastLb.Bench -- " + string.Join(' ', args));

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string ReadLoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>One markdown paragraph naming the machine, the start time, the load and the command.</summary>
    public string Markdown(string loadAfter) => FormattableString.Invariant(
        $"Measured {StartedUtc:yyyy-MM-dd HH:mm} UTC on Linux {Kernel} ({Os}), CPU \"{Cpu}\", {Cpus} CPUs; load average before the run: {LoadBefore}, after: {loadAfter}.\nCommand (root): `{Command}`");
}
