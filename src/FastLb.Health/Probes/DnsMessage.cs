// Builds a DNS query and reads the header of a reply (RFC 1035 section 4.1).
using System.Buffers.Binary;
using System.Text;

namespace FastLb.Health.Probes;

public static class DnsMessage
{
    private static readonly Dictionary<string, ushort> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = 1, ["NS"] = 2, ["CNAME"] = 5, ["SOA"] = 6, ["PTR"] = 12, ["MX"] = 15, ["TXT"] = 16, ["AAAA"] = 28, ["SRV"] = 33, ["ANY"] = 255,
    };

    /// <summary>The numeric QTYPE for a mnemonic ("A", "AAAA", ...) or a number ("TYPE65" / "65").</summary>
    public static ushort TypeCode(string type)
    {
        if (Types.TryGetValue(type, out var code))
        {
            return code;
        }
        var digits = type.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase) ? type[4..] : type;
        return ushort.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code)
            ? code
            : throw new ArgumentException($"unknown DNS record type '{type}'", nameof(type));
    }

    /// <summary>A standard query (RD set, one question, class IN) for <paramref name="name"/>.</summary>
    public static byte[] Query(ushort id, string name, ushort type)
    {
        var buffer = new List<byte>(32 + name.Length);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], 0x0100); // RD
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1); // QDCOUNT
        buffer.AddRange(header.ToArray());
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length > 63)
            {
                throw new ArgumentException($"DNS label '{label}' is longer than 63 bytes", nameof(name));
            }
            buffer.Add((byte)bytes.Length);
            buffer.AddRange(bytes);
        }
        buffer.Add(0);
        buffer.Add((byte)(type >> 8));
        buffer.Add((byte)type);
        buffer.Add(0);
        buffer.Add(1); // IN
        if (buffer.Count - 12 - 4 > 255)
        {
            throw new ArgumentException($"DNS name '{name}' is longer than 255 bytes", nameof(name));
        }
        return buffer.ToArray();
    }

    /// <summary>The header fields of a reply; false when it is too short or not a response.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> reply, out DnsHeader header)
    {
        header = default;
        if (reply.Length < 12)
        {
            return false;
        }
        var flags = BinaryPrimitives.ReadUInt16BigEndian(reply[2..]);
        header = new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(reply),
            (flags & 0x8000) != 0,
            flags & 0xF,
            BinaryPrimitives.ReadUInt16BigEndian(reply[6..]));
        return header.IsResponse;
    }
}
