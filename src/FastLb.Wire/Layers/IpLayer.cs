using System.Net;

namespace FastLb.Wire;

/// <summary>An IPv4 or IPv6 header: the source of the L4 pseudo-header.</summary>
internal abstract class IpLayer : Layer
{
    protected IpLayer(IPAddress source, IPAddress destination)
    {
        Source = source;
        Destination = destination;
    }

    public IPAddress Source { get; }

    public IPAddress Destination { get; }
}
