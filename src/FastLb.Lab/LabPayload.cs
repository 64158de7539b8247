// The deterministic bytes a lab server sends for GET /bytes/N, so a client can check a transfer by hash.
using System.Globalization;
using System.Security.Cryptography;

namespace FastLb.Lab;

/// <summary>
/// N pseudo-random bytes (xorshift32 from a fixed seed): the same N always gives the same bytes,
/// and no short pattern repeats, so a lost, duplicated or reordered segment changes the hash.
/// </summary>
public static class LabPayload
{
    /// <summary>The largest body a server sends (requests for more get the plain answer).</summary>
    public const int MaxLength = 64 * 1024 * 1024;

    public static byte[] Bytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var bytes = new byte[length];
        var x = 0x9e3779b9u;
        for (var i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bytes[i] = (byte)x;
        }
        return bytes;
    }

    /// <summary>SHA-256 of <see cref="Bytes"/>(<paramref name="length"/>), lower-case hex.</summary>
    public static string Sha256(int length) => Hash(Bytes(length));

    public static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>The path that asks a lab server for <paramref name="length"/> payload bytes.</summary>
    public static string Path(int length) => "/bytes/" + length.ToString(CultureInfo.InvariantCulture);

    /// <summary>True for a request line "GET /bytes/N HTTP/1.x" with 0 &lt;= N &lt;= MaxLength.</summary>
    public static bool TryParseRequest(string requestLine, out int length)
    {
        length = 0;
        var parts = requestLine.Split(' ');
        return parts.Length == 3 && parts[0] == "GET" && parts[1].StartsWith("/bytes/", StringComparison.Ordinal)
            && int.TryParse(parts[1].AsSpan("/bytes/".Length), NumberStyles.None, CultureInfo.InvariantCulture, out length)
            && length <= MaxLength;
    }
}
