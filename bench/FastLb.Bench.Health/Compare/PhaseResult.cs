// One checker measured over one window: its CPU, the checks nginx saw, and (FastLb) results and lateness.
namespace FastLb.Bench.Health.Compare;

public sealed record PhaseResult(
    string Kind,
    int Targets,
    string Checker,
    double WindowSeconds,
    double CpuCoreFraction,
    double NginxCoreFraction,
    double ChecksPerSecond,
    long Ok,
    long Failed,
    int Up,
    Lateness? Lateness,
    double Load1Before,
    double Load1After)
{
    /// <summary>CPU microseconds per check (the checker's process only).</summary>
    public double CpuMicrosPerCheck => ChecksPerSecond <= 0 ? double.NaN : CpuCoreFraction * 1e6 / ChecksPerSecond;
}
