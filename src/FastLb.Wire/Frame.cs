namespace FastLb.Wire;

/// <summary>Entry point of the fluent frame builder: <c>Frame.Ethernet(src, dst).IPv4(...).Tcp(...).Build()</c>.</summary>
public static class Frame
{
    /// <summary>Starts a frame with an Ethernet II header.</summary>
    public static FrameBuilder Ethernet(MacAddress source, MacAddress destination) => new(source, destination);

    /// <summary>Starts a frame with an Ethernet II header; MACs as "aa:bb:cc:dd:ee:ff".</summary>
    public static FrameBuilder Ethernet(string source, string destination) =>
        new(MacAddress.Parse(source), MacAddress.Parse(destination));
}
