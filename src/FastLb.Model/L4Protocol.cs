// Transport protocol of a service; values are the IP protocol numbers.
namespace FastLb.Model;

public enum L4Protocol : byte
{
    Tcp = 6,
    Udp = 17,
}
