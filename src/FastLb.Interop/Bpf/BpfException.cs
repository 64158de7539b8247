namespace FastLb.Interop.Bpf;

/// <summary>A libbpf or BPF syscall failed; carries the errno, libbpf's own warnings and any verifier log.</summary>
public sealed class BpfException : Exception
{
    public BpfException(string message, int errno, string? libbpfMessage = null, string? verifierLog = null)
        : base(Compose(message, errno, libbpfMessage, verifierLog))
    {
        Errno = errno;
        LibbpfMessage = libbpfMessage ?? string.Empty;
        VerifierLog = verifierLog ?? string.Empty;
    }

    /// <summary>The positive errno (or libbpf error code, 4000+) of the failure.</summary>
    public int Errno { get; }

    /// <summary>The warnings libbpf printed during the failing call, one per line; empty if none.</summary>
    public string LibbpfMessage { get; }

    /// <summary>The kernel verifier's log for a rejected program; empty otherwise.</summary>
    public string VerifierLog { get; }

    internal static BpfException FromErrno(string what, int errno, string? libbpfMessage = null, string? verifierLog = null)
        => new($"{what}: {Interop.Libbpf.StrError(errno)} (errno {errno})", errno, libbpfMessage, verifierLog);

    private static string Compose(string message, int errno, string? libbpfMessage, string? verifierLog)
    {
        var text = message;
        if (!string.IsNullOrWhiteSpace(libbpfMessage))
        {
            text += Environment.NewLine + "libbpf:" + Environment.NewLine + libbpfMessage.TrimEnd();
        }
        if (!string.IsNullOrWhiteSpace(verifierLog))
        {
            text += Environment.NewLine + "verifier log:" + Environment.NewLine + verifierLog.TrimEnd();
        }
        return text;
    }
}
