// Maps socket, TLS and HTTP exceptions to the short reason tokens.
using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace FastLb.Health;

public static class ProbeErrors
{
    /// <summary>The failed result for a socket error of a probe started at <paramref name="start"/> (a Stopwatch timestamp).</summary>
    public static ProbeResult Fail(SocketException e, long start) =>
        ProbeResult.Fail(ReasonFor(e.SocketErrorCode), Stopwatch.GetElapsedTime(start));

    public static string ReasonFor(Exception e) => e switch
    {
        SocketException s => ReasonFor(s.SocketErrorCode),
        AuthenticationException => ProbeReasons.TlsError,
        HttpRequestException h => ReasonFor(h),
        IOException { InnerException: SocketException s } => ReasonFor(s.SocketErrorCode),
        IOException => ProbeReasons.Closed,
        _ => ProbeReasons.Error,
    };

    public static string ReasonFor(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ProbeReasons.Refused,
        SocketError.ConnectionReset => ProbeReasons.Reset,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown or SocketError.AddressNotAvailable => ProbeReasons.Unreachable,
        SocketError.TimedOut => ProbeReasons.Timeout,
        _ => ProbeReasons.SocketError,
    };

    /// <summary>The reason for a Linux errno of a socket call (the check loop's raw sockets).</summary>
    public static string ReasonForErrno(int errno) => errno switch
    {
        111 => ProbeReasons.Refused, // ECONNREFUSED
        104 => ProbeReasons.Reset, // ECONNRESET
        32 => ProbeReasons.Closed, // EPIPE
        99 or 100 or 101 or 112 or 113 => ProbeReasons.Unreachable, // EADDRNOTAVAIL ENETDOWN ENETUNREACH EHOSTDOWN EHOSTUNREACH
        110 => ProbeReasons.Timeout, // ETIMEDOUT
        _ => ProbeReasons.SocketError,
    };

    private static string ReasonFor(HttpRequestException h)
    {
        // Look through the wrappers for the cause the kernel or TLS gave.
        for (var inner = h.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
            {
                return ReasonFor(s.SocketErrorCode);
            }
            if (inner is AuthenticationException)
            {
                return ProbeReasons.TlsError;
            }
        }
        return h.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => ProbeReasons.TlsError,
            HttpRequestError.ResponseEnded => ProbeReasons.Closed,
            HttpRequestError.InvalidResponse => ProbeReasons.BadResponse,
            HttpRequestError.ConnectionError => ProbeReasons.Refused,
            _ => ProbeReasons.Error,
        };
    }
}
