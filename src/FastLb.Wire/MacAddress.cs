using System.Globalization;

namespace FastLb.Wire;

/// <summary>A 48-bit Ethernet address with value equality, written as "02:00:00:00:00:01".</summary>
public readonly record struct MacAddress
{
    private readonly ulong _value;

    private MacAddress(ulong value) => _value = value;

    /// <summary>The all-ones broadcast address.</summary>
    public static MacAddress Broadcast { get; } = new(0xffff_ffff_ffffUL);

    /// <summary>Parses "aa:bb:cc:dd:ee:ff" (or with '-'); throws naming the bad text.</summary>
    public static MacAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', '-');
        if (parts.Length != 6)
        {
            throw new FormatException($"MAC address '{text}' must have 6 octets");
        }
        ulong value = 0;
        foreach (var part in parts)
        {
            if (part.Length is < 1 or > 2 || !byte.TryParse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var octet))
            {
                throw new FormatException($"MAC address '{text}' has a bad octet '{part}'");
            }
            value = (value << 8) | octet;
        }
        return new MacAddress(value);
    }

    /// <summary>Reads six bytes in wire order.</summary>
    public static MacAddress Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 6)
        {
            throw new ArgumentException($"a MAC address needs 6 bytes, got {bytes.Length}", nameof(bytes));
        }
        ulong value = 0;
        for (var i = 0; i < 6; i++)
        {
            value = (value << 8) | bytes[i];
        }
        return new MacAddress(value);
    }

    /// <summary>Writes the six bytes in wire order.</summary>
    public void WriteTo(Span<byte> destination)
    {
        for (var i = 0; i < 6; i++)
        {
            destination[i] = (byte)(_value >> (8 * (5 - i)));
        }
    }

    /// <summary>The six bytes in wire order.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[6];
        WriteTo(bytes);
        return bytes;
    }

    public override string ToString()
    {
        var bytes = ToArray();
        return string.Join(':', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }
}
