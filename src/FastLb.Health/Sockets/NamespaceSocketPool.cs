// Sockets made ahead in another network namespace, so a check there does not switch namespaces each time.
using System.Collections.Concurrent;
using System.Net.Sockets;
using FastLb.Interop.Netns;

namespace FastLb.Health.Sockets;

/// <summary>
/// A socket belongs to the namespace of the thread that creates it, and entering one costs a
/// thread of its own. So sockets for a foreign namespace are made a batch at a time on one such
/// thread and handed out one per check; a small stock (at most <see cref="Batch"/> per kind)
/// waits unused. The pool is keyed by the namespace's inode, not its name, so a namespace deleted
/// and made again under the same name never receives a socket of the old one.
/// </summary>
internal static class NamespaceSocketPool
{
    public const int Batch = 16;

    private static readonly ConcurrentDictionary<(NamespaceId, AddressFamily, SocketType, ProtocolType), ConcurrentQueue<Socket>> Stock = new();

    public static Socket Take(NetworkNamespace ns, NamespaceId id, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var queue = Stock.GetOrAdd((id, family, type, protocol), static _ => new ConcurrentQueue<Socket>());
        if (queue.TryDequeue(out var socket))
        {
            return socket;
        }
        var made = ns.Run(() =>
        {
            // The thread is in the namespace now; make sure it is still the one asked for.
            if (NamespaceId.Of("/proc/thread-self/ns/net") != id)
            {
                throw new InvalidOperationException($"network namespace {ns.Name} changed while sockets were made for it");
            }
            var sockets = new List<Socket>(Batch);
            try
            {
                while (sockets.Count < Batch)
                {
                    sockets.Add(new Socket(family, type, protocol));
                }
            }
            catch when (sockets.Count > 0)
            {
                // Out of descriptors part way: hand out what was made.
            }
            return sockets;
        });
        for (var i = 1; i < made.Count; i++)
        {
            queue.Enqueue(made[i]);
        }
        return made[0];
    }
}
