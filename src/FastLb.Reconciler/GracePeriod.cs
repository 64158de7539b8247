using FastLb.Interop.Bpf;

namespace FastLb.Reconciler;

/// <summary>
/// Waits until every BPF program that was running when called has finished (an RCU grace
/// period): the kernel returns from an update of a map-of-maps only after synchronize_rcu
/// (maybe_wait_bpf_programs, kernel/bpf/syscall.c), so rewriting this object's one slot is the
/// wait. Its own two tiny maps: no slot of the data plane's maps is borrowed, and nothing pinned.
/// </summary>
public sealed class GracePeriod : IDisposable
{
    private readonly BpfMap _inner;
    private readonly BpfMap _outer;

    public GracePeriod()
    {
        _inner = BpfMap.Create(BpfMapType.Array, "fastlb_grace_in", sizeof(uint), sizeof(uint), 1, 0);
        try
        {
            _outer = BpfMap.Create(BpfMapType.ArrayOfMaps, "fastlb_grace", sizeof(uint), sizeof(uint), 1, 0, _inner);
        }
        catch
        {
            _inner.Dispose();
            throw;
        }
    }

    /// <summary>Grace periods waited for so far: for metrics and tests.</summary>
    public long Waits { get; private set; }

    /// <summary>Raised just before each wait (tests look at the maps at that moment).</summary>
    internal event Action? Waiting;

    public void Wait()
    {
        Waiting?.Invoke();
        _outer.Update(0u, _inner.Fd);
        Waits++;
    }

    public void Dispose()
    {
        _outer.Dispose();
        _inner.Dispose();
    }
}
