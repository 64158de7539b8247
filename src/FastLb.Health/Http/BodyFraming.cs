// How a response body ends, as its headers say: Content-Length, chunked, or when the server closes.
using System.Buffers.Text;
using System.Text;

namespace FastLb.Health.Http;

internal sealed class BodyFraming
{
    public long? Length { get; private set; }

    public bool Chunked { get; private set; }

    /// <summary>Takes one header line; false when it is malformed (no colon, or a bad Content-Length).</summary>
    public bool Note(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }
        var name = line[..colon];
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0)
            {
                return false;
            }
            Length = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            // The last coding decides (RFC 9112 6.3): chunked, else the body runs to the close.
            var last = value[(value.LastIndexOf((byte)',') + 1)..].Trim(" \t"u8);
            Chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
        }
        return true;
    }
}
