// Reads an HTTP/1.x response as bytes arrive, to the verdict of a check and, for a kept connection, to its end.
using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace FastLb.Health.Http;

/// <summary>
/// A push parser: the caller feeds whatever the connection gave, in any pieces, and learns the
/// check's verdict as soon as it is known (the status line alone decides a status check) and
/// whether the whole response has been read so the connection can carry the next check. 1xx
/// interim answers are skipped; the body goes through its framing (Content-Length, chunked, or
/// until the close) and at most the check's max bytes of it are kept. A line split across reads
/// is the only thing copied; its buffer and the body's are pooled and returned by <see cref="Reset"/>.
/// </summary>
internal sealed class HttpResponseParser
{
    /// <summary>Longest status, header or chunk-size line.</summary>
    public const int MaxLine = 16 * 1024;

    private PreparedHttpTarget? _target;
    private bool _keep;
    private State _state;
    private byte[]? _line;
    private int _lineLength;
    private byte[]? _body;
    private int _bodyLength;
    private long _remaining;
    private int _status;
    private bool _http10;
    private bool _close;
    private long? _contentLength;
    private bool _chunked;

    private enum State { StatusLine, Interim, Headers, Body, UntilClose, ChunkSize, ChunkData, ChunkEnd, Trailers, Done, Broken }

    /// <summary>The check's verdict (<see cref="ProbeReasons.Ok"/> or why it failed) once known, else null.</summary>
    public string? Verdict { get; private set; }

    /// <summary>The response was read to its end and the server lets the connection carry another request.</summary>
    public bool Reusable => _state == State.Done && !_close && !_http10;

    /// <summary>Nothing more is wanted from this connection: the verdict is known and the rest will not be read.</summary>
    public bool Finished => _state is State.Done or State.Broken || (Verdict is not null && !_keep);

    /// <summary>Starts a new response for <paramref name="target"/>; <paramref name="keep"/> reads it to its end even after the verdict.</summary>
    public void Reset(PreparedHttpTarget target, bool keep)
    {
        Release();
        _target = target;
        _keep = keep;
        _state = State.StatusLine;
        _lineLength = 0;
        _bodyLength = 0;
        _status = 0;
        _http10 = false;
        _close = false;
        _contentLength = null;
        _chunked = false;
        Verdict = null;
    }

    /// <summary>Returns the pooled buffers; the parser can be reset and used again.</summary>
    public void Release()
    {
        if (_line is not null)
        {
            ArrayPool<byte>.Shared.Return(_line);
            _line = null;
        }
        if (_body is not null)
        {
            ArrayPool<byte>.Shared.Return(_body);
            _body = null;
        }
    }

    /// <summary>Takes the next bytes of the response. Bytes after its end make the connection unusable.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !Finished)
        {
            switch (_state)
            {
                case State.Body:
                case State.ChunkData:
                    var take = (int)Math.Min(_remaining, data.Length);
                    Keep(data[..take]);
                    data = data[take..];
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        if (_state == State.Body)
                        {
                            End();
                        }
                        else
                        {
                            _state = State.ChunkEnd;
                        }
                    }
                    break;
                case State.UntilClose:
                    Keep(data);
                    data = default;
                    break;
                default:
                    if (!TakeLine(ref data, out var line))
                    {
                        return;
                    }
                    Line(line);
                    _lineLength = 0;
                    break;
            }
        }
        if (!data.IsEmpty && _state == State.Done)
        {
            _state = State.Broken; // more than one response: this connection cannot be trusted
        }
    }

    /// <summary>The server closed the connection: the body ran to the close, or the answer was cut short.</summary>
    public void Closed()
    {
        if (_state == State.UntilClose)
        {
            End();
            _close = true;
            return;
        }
        if (_state != State.Done)
        {
            Fail(ProbeReasons.Closed);
        }
    }

    private bool TakeLine(ref ReadOnlySpan<byte> data, out ReadOnlySpan<byte> line)
    {
        var newline = data.IndexOf((byte)'\n');
        var piece = newline < 0 ? data : data[..newline];
        if (_lineLength + piece.Length > MaxLine)
        {
            Fail(ProbeReasons.BadResponse);
            line = default;
            data = default;
            return false;
        }
        if (newline >= 0 && _lineLength == 0)
        {
            line = piece;
        }
        else
        {
            _line ??= ArrayPool<byte>.Shared.Rent(MaxLine);
            piece.CopyTo(_line.AsSpan(_lineLength));
            _lineLength += piece.Length;
            line = _line.AsSpan(0, _lineLength);
        }
        if (newline < 0)
        {
            data = default;
            return false;
        }
        data = data[(newline + 1)..];
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }
        return true;
    }

    private void Line(ReadOnlySpan<byte> line)
    {
        switch (_state)
        {
            case State.StatusLine:
                StatusLine(line);
                break;
            case State.Interim:
                if (line.IsEmpty)
                {
                    _state = State.StatusLine;
                }
                break;
            case State.Headers:
                if (line.IsEmpty)
                {
                    BodyStarts();
                }
                else if (!Header(line))
                {
                    Fail(ProbeReasons.BadResponse);
                }
                break;
            case State.ChunkSize:
                ChunkSize(line);
                break;
            case State.ChunkEnd:
                if (line.IsEmpty)
                {
                    _state = State.ChunkSize;
                }
                else
                {
                    Fail(ProbeReasons.BadResponse);
                }
                break;
            case State.Trailers:
                if (line.IsEmpty)
                {
                    End();
                }
                break;
        }
    }

    private void StatusLine(ReadOnlySpan<byte> line)
    {
        var status = ParseStatus(line);
        if (status < 0)
        {
            Fail(ProbeReasons.BadResponse);
            return;
        }
        if (status is < 200 and not 101)
        {
            _state = State.Interim; // 100 Continue, 103 Early Hints: their headers, then the real answer
            return;
        }
        _status = status;
        _http10 = line[7] == '0';
        var target = _target!;
        if (!target.Check.ExpectStatus.Contains(status))
        {
            Fail(ProbeReasons.Status(status));
            return;
        }
        if (!target.ReadsBody)
        {
            Verdict = ProbeReasons.Ok;
        }
        _state = State.Headers;
    }

    private bool Header(ReadOnlySpan<byte> line)
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
            _contentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            // The last coding decides (RFC 9112 6.3): chunked, else the body runs to the close.
            var last = value[(value.LastIndexOf((byte)',') + 1)..].Trim(" \t"u8);
            _chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8) && value.IndexOf("close"u8) >= 0)
        {
            _close = true;
        }
        return true;
    }

    private void BodyStarts()
    {
        var target = _target!;
        // A connection the server will not keep is not read past the verdict.
        _keep &= !_close && !_http10 && (_chunked || _contentLength is not null || target.HeadRequest || _status is 204 or 304);
        if (target.ReadsBody)
        {
            _body = ArrayPool<byte>.Shared.Rent(Math.Max(1, target.Check.MaxBytes));
        }
        if (target.HeadRequest || _status is 204 or 304)
        {
            End();
        }
        else if (_chunked)
        {
            _state = State.ChunkSize;
        }
        else if (_contentLength is { } length)
        {
            _remaining = length;
            _state = State.Body;
            if (length == 0)
            {
                End();
            }
        }
        else
        {
            _state = State.UntilClose;
        }
    }

    private void ChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var size = (semicolon >= 0 ? line[..semicolon] : line).Trim((byte)' ');
        if (!Utf8Parser.TryParse(size, out long chunk, out var used, 'x') || used != size.Length || chunk < 0)
        {
            Fail(ProbeReasons.BadResponse);
            return;
        }
        if (chunk == 0)
        {
            Judge();
            _state = State.Trailers;
            return;
        }
        _remaining = chunk;
        _state = State.ChunkData;
    }

    /// <summary>Keeps body bytes up to the check's max; once full the content check is decided.</summary>
    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_body is null || Verdict is not null)
        {
            return;
        }
        var max = _target!.Check.MaxBytes;
        var take = Math.Min(bytes.Length, max - _bodyLength);
        bytes[..take].CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength += take;
        if (_bodyLength == max)
        {
            Judge();
        }
    }

    private void End()
    {
        Judge();
        _state = State.Done;
    }

    private void Judge()
    {
        if (Verdict is null && _body is not null)
        {
            Verdict = HttpBodyMatch.Matches(_target!, _body.AsSpan(0, _bodyLength)) ? ProbeReasons.Ok : ProbeReasons.BodyMismatch;
        }
    }

    private void Fail(string reason)
    {
        Verdict ??= reason;
        _state = State.Broken;
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
}
