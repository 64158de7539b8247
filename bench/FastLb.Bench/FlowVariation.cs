namespace FastLb.Bench;

/// <summary>
/// How the frame source varies the flow on each run: <see cref="Flows"/> distinct flows cycled
/// (1: one flow; 0: a new flow every run), by raising the address byte at
/// <see cref="AddressOffset"/> by counter / 50,000 and setting the port at
/// <see cref="PortOffset"/> to 10,000 + counter % 50,000.
/// </summary>
public readonly record struct FlowVariation(uint Flows, ushort AddressOffset, ushort PortOffset)
{
    /// <summary>
    /// Above 1: run n visits flow (n × Stride) mod Flows, a permutation when they are coprime, so an
    /// established row can visit its flows out of the order the warm-up opened them in (traffic does
    /// not arrive in the order its flows were opened; a table that stores entries in that order
    /// would otherwise be read sequentially).
    /// </summary>
    public uint Stride { get; init; }

    /// <summary>
    /// Each CPU counts its own runs and varies flows of its own (the address byte 128 higher per CPU
    /// number), so test runs on two CPUs at once open distinct flows, their first 6.4 M each.
    /// </summary>
    public bool PerCpu { get; init; }

    /// <summary>A stride coprime with every count of the form 2^a·5^b (1 M, 100 k): odd, not a multiple of 5.</summary>
    public const uint Scattered = 2_654_435_761;

    /// <summary>Ports a varied flow takes before the address byte moves on.</summary>
    public const int PortSpan = 50_000;

    /// <summary>IPv4 over Ethernet: the client side varies (last byte of the source address, source port).</summary>
    public static FlowVariation Client(uint flows) => new(flows, 14 + 12 + 3, 14 + 20);

    /// <summary>IPv4 over Ethernet: the destination side varies (a reply's client address and port).</summary>
    public static FlowVariation ClientAsDestination(uint flows) => new(flows, 14 + 16 + 3, 14 + 20 + 2);
}
