namespace FastLb.PacketTests.Reference;

/// <summary>
/// The reference model of the routed and transparent modes (and dsr-l2) on an inline topology:
/// what the program does with a frame arriving outside or inside, including the reverse entries it
/// keeps so replies are un-NAT'd. Parsing is <see cref="XdpReference"/>'s; every real is behind the
/// inside port, every client behind the outside one.
/// </summary>
public sealed class ModeReference(ModeReference.Ports ports)
{
    private readonly Dictionary<(IPAddress, ushort, byte), ModeService> _services = [];
    // Keyed by FlowKey.ToString(): struct equality over fixed buffers is not to be trusted.
    private readonly Dictionary<string, Nat> _nat = [];
    private readonly HashSet<IPAddress> _answered = [];
    private readonly Dictionary<string, bool> _flows = []; // forward 5-tuple -> closing (FIN or RST seen)

    /// <summary>The MACs of the two ports, and the FIB: the next hop toward an address (null: no route).</summary>
    public sealed record Ports(string Outside, string Inside, Func<IPAddress, Hop?> Fib);

    /// <summary>A route's way out: by the inside port or not, and the neighbour's MAC (null: unresolved).</summary>
    public sealed record Hop(bool Inside, string? Mac);

    /// <summary>A service: its mode and (single, or chosen by <paramref name="Choose"/>) real.</summary>
    public sealed record ModeService(ForwardingModeKind Mode, Func<FlowKey, (IPAddress Address, ushort Port, string Mac)> Choose);

    public enum ForwardingModeKind
    {
        DsrL2,
        Routed,
        Transparent,
    }

    private sealed record Nat(IPAddress Client, ushort ClientPort, IPAddress Vip, ushort VipPort, ForwardingModeKind Mode);

    public void AddService(IPAddress vip, ushort port, byte proto, ModeService service, bool answerArp = false)
    {
        _services[(vip, port, proto)] = service;
        if (answerArp && service.Mode == ForwardingModeKind.Transparent)
        {
            _answered.Add(vip);
        }
    }

    public ReferenceDecision Decide(byte[] frame, bool inside)
    {
        var parsed = XdpReference.Decide(frame, _ => null);
        if (parsed.Reason == Reason.PassNotIp)
        {
            return Arp(frame, parsed, inside) ?? parsed;
        }
        if (parsed.Reason != Reason.PassNotVip || parsed.Key is not { } key)
        {
            return parsed;
        }
        if (_services.TryGetValue((key.Destination, key.DestinationPort, key.Proto), out var service))
        {
            return Forward(frame, parsed, key, service, inside);
        }
        return _nat.TryGetValue(key.ToString(), out var nat) ? Reply(frame, parsed, key, nat, inside) : parsed;
    }

    private ReferenceDecision Forward(byte[] frame, ReferenceDecision parsed, FlowKey key, ModeService service, bool inside)
    {
        var (address, port, mac) = service.Choose(key);
        var output = (byte[])frame.Clone();
        if (service.Mode == ForwardingModeKind.DsrL2)
        {
            WriteMacs(output, ports.Outside, mac);
            return parsed with { Reason = Reason.TxForward, Output = output };
        }
        // The reverse entry is made with a new flow (replacing any), before the packet's own fate
        // is known; an open flow's packets leave it as it is. A SYN on a closing flow opens a new one.
        var flags = key.Proto == 6 ? frame[parsed.L4Offset + 13] : (byte)0;
        var (finOrRst, syn) = ((flags & 0x05) != 0, (flags & 0x02) != 0);
        var isNew = !_flows.TryGetValue(key.ToString(), out var closing) || (closing && syn);
        if (isNew || finOrRst)
        {
            _flows[key.ToString()] = finOrRst;
        }
        if (isNew)
        {
            _nat[FlowKey.Create(address, port, key.Source, key.SourcePort, key.Proto).ToString()] =
                new Nat(key.Source, key.SourcePort, key.Destination, key.DestinationPort, service.Mode);
        }
        if (service.Mode == ForwardingModeKind.Transparent)
        {
            Rewrite(output, parsed, key.Source, key.SourcePort, address, port);
            WriteMacs(output, MacAddress(output, 6), mac);
            return parsed with { Reason = Reason.RedirectForward, Output = output };
        }
        return Routed(output, parsed, key.Source, key.SourcePort, address, port, inside, Reason.TxForward, Reason.RedirectForward);
    }

    private ReferenceDecision Reply(byte[] frame, ReferenceDecision parsed, FlowKey key, Nat nat, bool inside)
    {
        var output = (byte[])frame.Clone();
        if (nat.Mode == ForwardingModeKind.Transparent)
        {
            Rewrite(output, parsed, nat.Vip, nat.VipPort, nat.Client, nat.ClientPort);
            return parsed with { Reason = inside ? Reason.RedirectReply : Reason.TxReply, Output = output };
        }
        return Routed(output, parsed, nat.Vip, nat.VipPort, nat.Client, nat.ClientPort, inside, Reason.TxReply, Reason.RedirectReply);
    }

    // Routed: TTL checked, next hop from the FIB (none: dropped unchanged; unresolved: rewritten and
    // passed with its TTL), TTL - 1, MACs of the way out; TX when it leaves where it came in.
    private ReferenceDecision Routed(byte[] output, ReferenceDecision parsed, IPAddress src, ushort sport, IPAddress dst, ushort dport,
        bool inside, Reason tx, Reason redirect)
    {
        if (Ttl(output, parsed) <= 1)
        {
            return parsed with { Reason = Reason.DropTtl };
        }
        if (ports.Fib(dst) is not { } hop)
        {
            return parsed with { Reason = Reason.DropNoRoute };
        }
        Rewrite(output, parsed, src, sport, dst, dport);
        if (hop.Mac is null)
        {
            return parsed with { Reason = Reason.PassNoNeigh, Output = output };
        }
        DecrementTtl(output, parsed);
        WriteMacs(output, hop.Inside ? ports.Inside : ports.Outside, hop.Mac);
        return parsed with { Reason = hop.Inside == inside ? tx : redirect, Output = output };
    }

    // An ARP request for an answered VIP becomes the reply, in place.
    private ReferenceDecision? Arp(byte[] frame, ReferenceDecision parsed, bool inside)
    {
        var a = parsed.L3Offset;
        if (BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(a - 2)) != 0x0806 || frame.Length < a + 28)
        {
            return null;
        }
        var h = frame.AsSpan(a);
        if (BinaryPrimitives.ReadUInt16BigEndian(h) != 1 || BinaryPrimitives.ReadUInt16BigEndian(h[2..]) != 0x0800 || h[4] != 6 || h[5] != 4
            || BinaryPrimitives.ReadUInt16BigEndian(h[6..]) != 1 || !_answered.Contains(new IPAddress(h.Slice(24, 4))))
        {
            return null;
        }
        var mac = inside ? ports.Inside : ports.Outside;
        var output = (byte[])frame.Clone();
        var o = output.AsSpan(a);
        BinaryPrimitives.WriteUInt16BigEndian(o[6..], 2);
        h.Slice(8, 10).CopyTo(o[18..]); // target = the asker
        FastLb.Wire.MacAddress.Parse(mac).WriteTo(o[8..]);
        h.Slice(24, 4).CopyTo(o[14..]);
        WriteMacs(output, mac, MacAddress(frame, 6));
        return parsed with { Reason = Reason.TxNeighReply, Output = output };
    }

    // Addresses and ports rewritten; IPv4 header and TCP/UDP checksums updated (a zero IPv4 UDP
    // checksum stays zero, a computed zero UDP checksum is sent as 0xffff).
    private static void Rewrite(byte[] f, ReferenceDecision parsed, IPAddress src, ushort sport, IPAddress dst, ushort dport)
    {
        int l3 = parsed.L3Offset, l4 = parsed.L4Offset;
        var v6 = f[l3] >> 4 == 6;
        var (sOff, dOff, len) = v6 ? (l3 + 8, l3 + 24, 16) : (l3 + 12, l3 + 16, 4);
        byte[] oldAddrs = [.. f.AsSpan(sOff, len), .. f.AsSpan(dOff, len)];
        byte[] newAddrs = [.. src.GetAddressBytes(), .. dst.GetAddressBytes()];
        byte[] oldPorts = f[l4..(l4 + 4)];
        var newPorts = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(newPorts, sport);
        BinaryPrimitives.WriteUInt16BigEndian(newPorts.AsSpan(2), dport);
        newAddrs.AsSpan(0, len).CopyTo(f.AsSpan(sOff));
        newAddrs.AsSpan(len).CopyTo(f.AsSpan(dOff));
        newPorts.CopyTo(f.AsSpan(l4));
        if (!v6)
        {
            IncrementalChecksum.Apply(f, l3 + 10, oldAddrs, newAddrs);
        }
        var udp = parsed.Key!.Value.Proto == 17;
        var at = l4 + (udp ? 6 : 16);
        if (udp && !v6 && f[at] == 0 && f[at + 1] == 0)
        {
            return;
        }
        var c = IncrementalChecksum.Update(BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(at)), [.. oldAddrs, .. oldPorts], [.. newAddrs, .. newPorts]);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(at), udp && c == 0 ? (ushort)0xffff : c);
    }

    private static int Ttl(byte[] f, ReferenceDecision parsed) => f[parsed.L3Offset] >> 4 == 6 ? f[parsed.L3Offset + 7] : f[parsed.L3Offset + 8];

    private static void DecrementTtl(byte[] f, ReferenceDecision parsed)
    {
        var l3 = parsed.L3Offset;
        if (f[l3] >> 4 == 6)
        {
            f[l3 + 7]--;
            return;
        }
        byte[] old = f[(l3 + 8)..(l3 + 10)];
        f[l3 + 8]--;
        IncrementalChecksum.Apply(f, l3 + 10, old, f.AsSpan(l3 + 8, 2));
    }

    private static string MacAddress(byte[] f, int at) => FastLb.Wire.MacAddress.Read(f.AsSpan(at)).ToString();

    private static void WriteMacs(byte[] f, string src, string dst)
    {
        FastLb.Wire.MacAddress.Parse(dst).WriteTo(f);
        FastLb.Wire.MacAddress.Parse(src).WriteTo(f.AsSpan(6));
    }
}
