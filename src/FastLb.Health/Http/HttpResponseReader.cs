// Reads just enough of an HTTP/1.x response to judge a check: the status line, and for content checks the body prefix.
using System.Buffers;
using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace FastLb.Health.Http;

/// <summary>
/// A bounded reader over the probe's socket (or its TLS stream): 1xx interim answers are skipped,
/// headers are read only when the body is wanted, and the body is read through its framing
/// (Content-Length, chunked, or until close) to at most the check's max bytes. One pooled
/// buffer per check; nothing is kept between checks.
/// </summary>
internal sealed class HttpResponseReader : IDisposable
{
    /// <summary>Longest status or header line, and room for the unread rest of a read.</summary>
    private const int BufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly Stream? _stream;
    private readonly CancellationToken _ct;
    private byte[] _buffer;
    private int _start;
    private int _end;

    private HttpResponseReader(Socket socket, Stream? stream, CancellationToken ct)
    {
        _socket = socket;
        _stream = stream;
        _ct = ct;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>The check's verdict: <see cref="ProbeReasons.Ok"/> or the reason it failed.</summary>
    public static async ValueTask<string> JudgeAsync(Socket socket, Stream? stream, PreparedHttpTarget prepared, CheckTarget target, CancellationToken ct)
    {
        using var reader = new HttpResponseReader(socket, stream, ct);
        var check = target.Check;
        int status;
        while (true)
        {
            var line = await reader.ReadLineAsync().ConfigureAwait(false);
            if (line.Length < 0)
            {
                return line.Length == -1 ? ProbeReasons.Closed : ProbeReasons.BadResponse;
            }
            status = ParseStatus(reader.Span(line));
            if (status < 0)
            {
                return ProbeReasons.BadResponse;
            }
            if (status is >= 200 or 101)
            {
                break;
            }
            // An interim answer (100 Continue, 103 Early Hints): its headers, then the real one.
            var skipped = await reader.ReadHeadersAsync(null).ConfigureAwait(false);
            if (skipped is not null)
            {
                return skipped;
            }
        }
        if (!check.ExpectStatus.Contains(status))
        {
            return ProbeReasons.Status(status);
        }
        if (!prepared.ReadsBody)
        {
            return ProbeReasons.Ok;
        }
        var framing = new BodyFraming();
        var headers = await reader.ReadHeadersAsync(framing).ConfigureAwait(false);
        if (headers is not null)
        {
            return headers;
        }
        var noBody = prepared.HeadRequest || status is 204 or 304;
        var body = ArrayPool<byte>.Shared.Rent(Math.Max(1, check.MaxBytes));
        try
        {
            var got = noBody ? 0 : await reader.ReadBodyAsync(framing, body.AsMemory(0, Math.Max(0, check.MaxBytes))).ConfigureAwait(false);
            if (got < 0)
            {
                return got == -1 ? ProbeReasons.Closed : ProbeReasons.BadResponse;
            }
            return HttpBodyMatch.Matches(check, Encoding.UTF8.GetString(body, 0, got)) ? ProbeReasons.Ok : ProbeReasons.BodyMismatch;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>"HTTP/1.x NNN ..." to NNN; -1 when the line is not a status line.</summary>
    private static int ParseStatus(ReadOnlySpan<byte> line)
    {
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)line[7]) || line[8] != ' '
            || (line.Length > 12 && line[12] != ' '))
        {
            return -1;
        }
        return Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var used) && used == 3 && status >= 100 ? status : -1;
    }

    private ReadOnlySpan<byte> Span((int Offset, int Length) line) => _buffer.AsSpan(line.Offset, line.Length);

    /// <summary>
    /// Header lines up to the empty one, noting the body's framing when asked. Null when read
    /// whole, else the failure reason.
    /// </summary>
    private async ValueTask<string?> ReadHeadersAsync(BodyFraming? framing)
    {
        while (true)
        {
            var line = await ReadLineAsync().ConfigureAwait(false);
            if (line.Length < 0)
            {
                return line.Length == -1 ? ProbeReasons.Closed : ProbeReasons.BadResponse;
            }
            if (line.Length == 0)
            {
                return null;
            }
            if (framing is not null && !framing.Note(Span(line)))
            {
                return ProbeReasons.BadResponse;
            }
        }
    }

    /// <summary>Body bytes into <paramref name="into"/> (stopping when full); -1 when the peer closed early, -2 when malformed.</summary>
    private async ValueTask<int> ReadBodyAsync(BodyFraming framing, Memory<byte> into)
    {
        if (!framing.Chunked)
        {
            var want = framing.Length is { } length ? (int)Math.Min(length, into.Length) : into.Length;
            var got = await CopyAsync(into[..want], untilClose: framing.Length is null).ConfigureAwait(false);
            return got;
        }
        var total = 0;
        while (total < into.Length)
        {
            var line = await ReadLineAsync().ConfigureAwait(false);
            if (line.Length < 0)
            {
                return line.Length;
            }
            var size = Span(line);
            var semicolon = size.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                size = size[..semicolon];
            }
            if (!Utf8Parser.TryParse(size.Trim((byte)' '), out long chunk, out var used, 'x') || used != size.Trim((byte)' ').Length || chunk < 0)
            {
                return -2;
            }
            if (chunk == 0)
            {
                break;
            }
            var take = (int)Math.Min(chunk, into.Length - total);
            var got = await CopyAsync(into.Slice(total, take), untilClose: false).ConfigureAwait(false);
            if (got < 0)
            {
                return got;
            }
            total += got;
            if (take < chunk)
            {
                break; // full: the rest of the body is not wanted
            }
            var end = await ReadLineAsync().ConfigureAwait(false);
            if (end.Length != 0)
            {
                return end.Length == -1 ? -1 : -2;
            }
        }
        return total;
    }

    /// <summary>Fills <paramref name="into"/> from what is buffered and then the connection; -1 on an early close unless reading until close.</summary>
    private async ValueTask<int> CopyAsync(Memory<byte> into, bool untilClose)
    {
        var total = 0;
        while (total < into.Length)
        {
            if (_start == _end)
            {
                _start = _end = 0;
                var n = await ReceiveAsync(_buffer.AsMemory()).ConfigureAwait(false);
                if (n == 0)
                {
                    return untilClose ? total : -1;
                }
                _end = n;
            }
            var take = Math.Min(_end - _start, into.Length - total);
            _buffer.AsMemory(_start, take).CopyTo(into[total..]);
            _start += take;
            total += take;
        }
        return total;
    }

    /// <summary>The next line without its CR LF as (offset, length) in the buffer; length -1 when the peer closed first, -2 when too long.</summary>
    private async ValueTask<(int Offset, int Length)> ReadLineAsync()
    {
        var searched = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searched, _end - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var offset = _start;
                var length = searched + newline - _start;
                _start = searched + newline + 1;
                if (length > 0 && _buffer[offset + length - 1] == '\r')
                {
                    length--;
                }
                return (offset, length);
            }
            searched = _end;
            if (_end == _buffer.Length)
            {
                if (_start == 0)
                {
                    return (0, -2);
                }
                // Move the partial line to the front to make room.
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                searched -= _start;
                _end -= _start;
                _start = 0;
            }
            var n = await ReceiveAsync(_buffer.AsMemory(_end)).ConfigureAwait(false);
            if (n == 0)
            {
                return (0, -1);
            }
            _end += n;
        }
    }

    private ValueTask<int> ReceiveAsync(Memory<byte> into) =>
        _stream is null ? _socket.ReceiveAsync(into, SocketFlags.None, _ct) : _stream.ReadAsync(into, _ct);
}
