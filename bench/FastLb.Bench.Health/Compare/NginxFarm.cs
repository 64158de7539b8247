// The targets spread over as many nginx processes as the descriptor limit needs, read as one.
using System.Net;

namespace FastLb.Bench.Health.Compare;

/// <summary>
/// One nginx process holds a listener and a kept connection per target, two descriptors each (and
/// two of its worker_connections: with fewer to spare nginx closes idle kept connections early), and
/// without a master process (or CAP_SYS_RESOURCE to raise the hard limit) it cannot go past the
/// limit it was started with: so at most <see cref="TargetsPerProcess"/> targets go to each process.
/// CPU and counters are the sums over all of them.
/// </summary>
public sealed class NginxFarm : IDisposable
{
    public const int TargetsPerProcess = 5_000;

    private readonly List<NginxTargets> _processes;

    private NginxFarm(List<NginxTargets> processes) => _processes = processes;

    public IReadOnlyList<int> Pids => [.. _processes.Select(p => p.Pid)];

    /// <summary>Starts the processes; the i-th one's status page listens on <paramref name="status"/>'s address plus i.</summary>
    public static NginxFarm Start(IReadOnlyList<IPEndPoint> targets, IPEndPoint status)
    {
        var processes = new List<NginxTargets>();
        try
        {
            for (var i = 0; i * TargetsPerProcess < targets.Count; i++)
            {
                var share = targets.Skip(i * TargetsPerProcess).Take(TargetsPerProcess).ToList();
                var bytes = status.Address.GetAddressBytes();
                bytes[^1] += (byte)i;
                processes.Add(NginxTargets.Start(share, new IPEndPoint(new IPAddress(bytes), status.Port)));
            }
            return new NginxFarm(processes);
        }
        catch
        {
            processes.ForEach(p => p.Dispose());
            throw;
        }
    }

    /// <summary>Requests served so far by every process.</summary>
    public long Requests() => _processes.Sum(p => p.Counters().Requests);

    public void Dispose() => _processes.ForEach(p => p.Dispose());
}
