// New HTTP connections to a VIP one after another until stopped, each one required to be answered by a real.

namespace FastLb.LabTests;

internal sealed class ConnectionStream
{
    private readonly List<string> _failures = [];
    private int _ok;

    /// <summary>Connections answered by a real so far.</summary>
    public int Ok => Volatile.Read(ref _ok);

    /// <summary>Every connection that failed or was answered by something else, with why.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    public async Task RunAsync(LabNamespace client, IPAddress vip, int port, IReadOnlyList<string> reals, TimeSpan timeout, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var response = await LabHttpClient.GetAsync(client.Namespace, vip, port, "/", timeout, ct);
                if (response.StatusCode == 200 && response.ServedBy is { } by && reals.Contains(by))
                {
                    Interlocked.Increment(ref _ok);
                }
                else
                {
                    Fail($"answer {response.StatusCode} from {response.ServedBy}");
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (LabException e)
            {
                Fail(e.Message);
            }
        }
    }

    private void Fail(string why)
    {
        lock (_failures)
        {
            _failures.Add(why);
        }
    }
}
