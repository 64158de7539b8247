// One TCP segment seen by the capture.
using System.Net;
using FastLb.Health.Probes;

namespace FastLb.Health.Tests.Lab;

internal sealed record CapturedSegment(IPAddress Source, IPAddress Destination, TcpHeader Tcp)
{
    public override string ToString()
    {
        var f = Tcp.Flags;
        var flags = ((f & TcpSegment.Syn) != 0 ? "S" : "") + ((f & TcpSegment.Ack) != 0 ? "A" : "") + ((f & TcpSegment.Rst) != 0 ? "R" : "") + ((f & TcpSegment.Fin) != 0 ? "F" : "");
        return $"{Source}:{Tcp.SourcePort}>{Destination}:{Tcp.DestinationPort} [{flags}] seq={Tcp.Seq} ack={Tcp.Ack}";
    }
}
