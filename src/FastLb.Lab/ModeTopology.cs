// The lab topologies of the NAT modes: which mode, and whether FastLb sits one-arm or inline.
namespace FastLb.Lab;

public enum ModeTopology
{
    /// <summary>Routed, one interface on a shared segment; SNAT to FastLb's address brings replies back.</summary>
    RoutedOneArm,

    /// <summary>Routed between a client-side and a server-side interface; the reals route through FastLb.</summary>
    RoutedInline,

    /// <summary>Transparent bump in the wire: two interfaces, no addresses; the reals' gateway is on the client side.</summary>
    TransparentInline,

    /// <summary>Transparent on one shared segment; SNAT to FastLb's address brings replies back.</summary>
    TransparentOneArm,
}
