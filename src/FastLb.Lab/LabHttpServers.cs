// The servers of a lab's reals as one value: a list to read, stopped together with `await using`.
using System.Collections;

namespace FastLb.Lab;

/// <summary>
/// The HTTP servers a lab started, in real order. Disposing stops every one of them (a server
/// already stopped is skipped), so a test or demo needs no try/finally of its own.
/// </summary>
public sealed class LabHttpServers(IReadOnlyList<LabHttpServer> servers) : IReadOnlyList<LabHttpServer>, IAsyncDisposable
{
    public int Count => servers.Count;

    public LabHttpServer this[int index] => servers[index];

    public IEnumerator<LabHttpServer> GetEnumerator() => servers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync()
    {
        foreach (var s in servers)
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }
    }
}
